using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsBackup.Reporting;
using GitOpsBackup.Tests.Rendering;

namespace GitOpsBackup.Tests.Reporting;

/// <summary>
/// The night's page from a report built by hand: bars where their times are, coloured by outcome,
/// the clone's lane, the cycle's lines, every cluster text escaped, and the whole page as a snapshot.
/// </summary>
public sealed partial class NightPageTests
{
    private static readonly TimeSpan Berlin = TimeSpan.FromHours(1);

    /// <summary>Local time on the night of 2 December 2026 (UTC+01:00).</summary>
    private static DateTimeOffset T(string hhmm) =>
        new DateTimeOffset(2026, 12, 2, 0, 0, 0, Berlin) + TimeSpan.ParseExact(hhmm, "hh\\:mm", CultureInfo.InvariantCulture);

    private static RunRecord Run(string app, string node, string created, string? admitted, string? finished, string outcome, string ns = "apps") => new()
    {
        Namespace = ns,
        App = app,
        Job = $"backup-{app}-1",
        Node = node,
        Created = T(created),
        Admitted = admitted is null ? null : T(admitted),
        Finished = finished is null ? null : T(finished),
        Outcome = outcome,
    };

    private static AppStatus App(string app, string outcome, DateTimeOffset? success, bool overdue = false, string ns = "apps") => new()
    {
        Namespace = ns,
        App = app,
        Schedule = "0 2 * * *",
        TimeZone = "Europe/Berlin",
        Node = "node-1",
        LastRunAt = T("02:00"),
        LastOutcome = outcome,
        LastSuccess = success,
        Overdue = overdue,
    };

    /// <summary>A small fixed night: three nodes, one of each outcome, the clone after the last backup.</summary>
    private static StatusReport Night() => new(
        T("06:00"),
        [App("gitea", "ok", T("01:20")), App("immich", "failed", null, overdue: true), App("nextcloud", "ok", T("02:40")), App("paperless", "partial", T("03:30")), App("wiki", "empty", T("01:10"))],
        [],
        new NightStatus(5, 3, 5, "external-clone-20261202", "succeeded", "all 5 backups of the night finished") { Cycle = new DateOnly(2026, 12, 2), CycleStart = T("00:00"), LatestStart = T("05:00") })
    {
        Runs =
        [
            Run("gitea", "node-2", "01:00", "01:00", "01:20", "ok"),
            Run("wiki", "node-2", "01:00", "01:20", "01:30", "empty"),
            Run("nextcloud", "node-1", "02:00", "02:00", "02:40", "ok"),
            Run("immich", "node-10", "02:00", "02:30", "03:00", "failed"),
            Run("paperless", "node-1", "02:30", "02:40", "03:30", "partial"),
            Run("old", "node-1", "00:00", "00:00", "00:10", "ok") with { Created = T("00:00").AddDays(-1) }, // the night before: not drawn
        ],
        Clones =
        [
            new CloneRecord { Namespace = "backup-system", Job = "external-clone-20261202", Cycle = new DateOnly(2026, 12, 2), Node = "node-3", Created = T("03:30"), Started = T("03:30"), Finished = T("04:15"), Outcome = "ok", Reason = "all 5 backups of the night finished" },
        ],
    };

    [Fact]
    public void Builder_OneLanePerNodeInNaturalOrder_ThisNightsRunsOnly_AndTheCloneLane()
    {
        var view = NightViewBuilder.Build(Night());

        Assert.Equal(["node-1", "node-2", "node-10"], view.Nodes.Select(n => n.Label));
        Assert.Equal(["apps/nextcloud", "apps/paperless"], view.Nodes[0].Bars.Select(b => b.Label));
        Assert.Equal("external-clone-20261202", Assert.Single(view.CloneLane!.Bars).Job);
        Assert.Equal((T("00:00"), T("05:00")), (view.From, view.To));
        Assert.Equal(T("03:30"), view.LastBackupEnded);
        Assert.Equal(Berlin, view.Offset);
        Assert.StartsWith("5 backups: 2 ok, 3 not ok, 0 still running or waiting.", view.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Builder_WithoutTheRepo_TakesTheWindowFromTheClonesSummary()
    {
        var report = Night() with { Night = new NightStatus(5, 3, 5, "external-clone-20261202", "succeeded", null) };
        report = report with { Clones = [report.Clones[0] with { CycleStart = T("00:00"), LatestStart = T("05:00") }] };

        var view = NightViewBuilder.Build(report);

        Assert.Equal((new DateOnly(2026, 12, 2), T("00:00"), T("05:00")), (view.Cycle, view.CycleStart, view.LatestStart));
        Assert.Equal(3, view.Nodes.Count);
    }

    [Fact]
    public void Builder_WithoutACycle_ShowsTheLast24Hours_InUtc()
    {
        var report = Night() with { Night = new NightStatus(0, 0, 0, null, "not created", null), Clones = [] };

        var view = NightViewBuilder.Build(report);

        Assert.Null(view.Cycle);
        Assert.Null(view.CloneLane);
        Assert.Equal(TimeSpan.Zero, view.Offset);
        Assert.Equal(5, view.Nodes.Sum(n => n.Bars.Count)); // the run of the day before started 30 hours before 06:00
        Assert.Contains("Backups: the last 24 hours", NightPage.Render(view), StringComparison.Ordinal);
    }

    [Fact]
    public void FailedRestoreDrills_AreNamedUnderTheSummary_AndNothingWhenNoneFailed()
    {
        var night = Night();
        var report = night with
        {
            Apps = [.. night.Apps.Select(a => a.App switch { "gitea" => a with { Drill = "failed" }, "nextcloud" => a with { Drill = "passed" }, _ => a }),
                App("<wiki>", "ok", T("01:10"), ns: "docs") with { Drill = "failed" }],
        };

        var view = NightViewBuilder.Build(report);
        var page = NightPage.Render(view);

        Assert.Equal(["apps/gitea", "docs/<wiki>"], view.FailedDrills);
        Assert.Contains("<span class=\"badge failed\">restore drill failed</span> apps/gitea, docs/&lt;wiki&gt;: not proven restorable", page, StringComparison.Ordinal);
        Assert.DoesNotContain("restore drill failed", NightPage.Render(NightViewBuilder.Build(night)), StringComparison.Ordinal);
    }

    /// <summary>x = 124 + share of the night × 614 (the lanes run from 124 to 738 of 760 units).</summary>
    [Theory]
    [InlineData("backup-gitea-1", 246.8, 40.9)] // 01:00–01:20 of 00:00–05:00
    [InlineData("backup-nextcloud-1", 369.6, 81.9)] // 02:00–02:40
    [InlineData("backup-immich-1", 431.0, 61.4)] // admitted 02:30, failed 03:00
    public void Bars_ArePlacedByTime(string job, double expectedX, double expectedWidth)
    {
        var page = NightPage.Render(NightViewBuilder.Build(Night()));

        var run = RunRect(page, job);
        Assert.Equal(expectedX, double.Parse(run.Groups["x"].Value, CultureInfo.InvariantCulture), 1);
        Assert.Equal(expectedWidth, double.Parse(run.Groups["w"].Value, CultureInfo.InvariantCulture), 1);
    }

    [Fact]
    public void Wait_IsDrawnLighter_FromCreationToAdmission()
    {
        var page = NightPage.Render(NightViewBuilder.Build(Night()));

        // wiki: created 01:00 (x 246.8), admitted 01:20 (x 287.7) on node-2, after gitea.
        var wait = Assert.Single(WaitRects().Matches(page), m => m.Groups["app"].Value == "apps/wiki");
        Assert.Equal(246.8, double.Parse(wait.Groups["x"].Value, CultureInfo.InvariantCulture), 1);
        Assert.Equal(40.9, double.Parse(wait.Groups["w"].Value, CultureInfo.InvariantCulture), 1);
        Assert.DoesNotContain(WaitRects().Matches(page), m => m.Groups["app"].Value == "apps/nextcloud"); // admitted as it was created
    }

    [Theory]
    [InlineData("ok", "ok")]
    [InlineData("partial", "partial")]
    [InlineData("empty", "empty")]
    [InlineData("failed", "failed")]
    [InlineData("deadline", "deadline")]
    [InlineData("running", "running")]
    [InlineData("\" onmouseover=\"x", "other")] // never cluster text in a class
    public void Bars_CarryTheirOutcomeAsClass(string outcome, string expectedClass)
    {
        var report = Night() with { Runs = [Run("gitea", "node-1", "01:00", "01:00", "01:20", outcome)] };

        var page = NightPage.Render(NightViewBuilder.Build(report));

        Assert.Contains($"data-outcome=\"{expectedClass}\"><title>", page, StringComparison.Ordinal);
        Assert.Contains($"<rect class=\"run {expectedClass}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCycleLines_TheCloneLane_AndTheOverdueApp_AreMarked()
    {
        var page = NightPage.Render(NightViewBuilder.Build(Night()));

        Assert.Contains("<g class=\"mark start\">", page, StringComparison.Ordinal);
        Assert.Contains(">cycle start 00:00</text>", page, StringComparison.Ordinal);
        Assert.Contains(">latest start 05:00</text>", page, StringComparison.Ordinal);
        Assert.Contains("<g class=\"lane clone\" data-row=\"clone\">", page, StringComparison.Ordinal);
        Assert.Contains("<tr data-app=\"apps/immich\" class=\"overdue\">", page, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge overdue\">overdue</span>", page, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(page, "class=\"overdue\""));
    }

    [Fact]
    public void HostileNames_AreEscaped_Everywhere()
    {
        const string Hostile = "<script>alert('x')</script>\"&";
        var report = Night() with
        {
            Apps = [App(Hostile, "waiting: <img src=x onerror=alert(1)>", null, ns: Hostile)],
            Runs = [Run(Hostile, "<b>node</b>", "01:00", "01:10", "01:20", "ok", ns: Hostile)],
        };

        var page = NightPage.Render(NightViewBuilder.Build(report));

        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;", page, StringComparison.Ordinal);
        Assert.Contains("data-node=\"&lt;b&gt;node&lt;/b&gt;\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_IsSelfContained_NoScriptNoExternalUrl()
    {
        var page = NightPage.Render(NightViewBuilder.Build(Night()));

        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(?i)(https?:)?//[a-z0-9]", page);
        Assert.Contains("prefers-color-scheme: dark", page, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallNight_Snapshot() =>
        Snapshot.Verify("small-night", NightPage.Render(NightViewBuilder.Build(Night()) with { Simulated = true }), "html");

    private static Match RunRect(string page, string job)
    {
        var bar = Regex.Match(page, $"data-job=\"{Regex.Escape(job)}\"[^\\n]*?<rect class=\"run [a-z]+\" x=\"(?<x>[\\d.]+)\" y=\"[\\d.]+\" width=\"(?<w>[\\d.]+)\"");
        Assert.True(bar.Success, $"no run bar for {job}");
        return bar;
    }

    [GeneratedRegex("<rect class=\"wait [a-z]+\" data-app=\"(?<app>[^\"]+)\" x=\"(?<x>[\\d.]+)\" y=\"[\\d.]+\" width=\"(?<w>[\\d.]+)\"")]
    private static partial Regex WaitRects();
}
