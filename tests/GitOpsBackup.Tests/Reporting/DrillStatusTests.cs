using System.Text.Json.Nodes;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;
using GitOpsBackup.Tests.Reconciling;

namespace GitOpsBackup.Tests.Reporting;

/// <summary>Restore drills in `status`: "last proven restorable" per app, a failed drill said loudly, and a drill CronJob never read as a second app.</summary>
public sealed class DrillStatusTests
{
    private static readonly DateTimeOffset Noon = NightHarness.Utc("2026-12-03T12:00:00Z");
    private static readonly DateTimeOffset LongAgo = NightHarness.Utc("2026-11-01T00:00:00Z");

    [Fact]
    public void LastProvenRestorable_IsTheNewestPassedDrill_AndAFailedDrillIsLoud()
    {
        var live = new LiveSnapshot
        {
            CronJobs =
            [
                LiveJson.CronJob("media", "jellyfin", "0 2 * * *", LongAgo),
                LiveJson.VerifyCronJob("media", "jellyfin", "0 5 * * 0", LongAgo),
                LiveJson.CronJob("wiki", "wiki", "0 3 * * *", LongAgo),
                LiveJson.VerifyCronJob("wiki", "wiki", "0 5 * * 0", LongAgo),
                LiveJson.CronJob("db", "redis", "0 4 * * *", LongAgo),
            ],
            Jobs =
            [
                LiveJson.VerifyJob("media", "jellyfin", "verify-jellyfin-1", NightHarness.Utc("2026-11-22T05:00:00Z")).Completed(NightHarness.Utc("2026-11-22T05:20:00Z")),
                LiveJson.VerifyJob("media", "jellyfin", "verify-jellyfin-2", NightHarness.Utc("2026-11-29T05:00:00Z")).Completed(NightHarness.Utc("2026-11-29T05:30:00Z")),
                LiveJson.VerifyJob("wiki", "wiki", "verify-wiki-1", NightHarness.Utc("2026-11-22T05:00:00Z")).Completed(NightHarness.Utc("2026-11-22T05:10:00Z")),
                LiveJson.VerifyJob("wiki", "wiki", "verify-wiki-2", NightHarness.Utc("2026-11-29T05:00:00Z")).Failed(NightHarness.Utc("2026-11-29T05:12:00Z")),
            ],
        };

        var report = StatusBuilder.Build(live, Noon, StatusBuilder.DefaultOverdue);

        Assert.Equal(["db/redis", "media/jellyfin", "wiki/wiki"], report.Apps.Select(a => $"{a.Namespace}/{a.App}"));
        var jellyfin = report.Apps.Single(a => a.App == "jellyfin");
        Assert.Equal(("passed", NightHarness.Utc("2026-11-29T05:30:00Z")), (jellyfin.Drill, jellyfin.LastVerified!.Value));
        var wiki = report.Apps.Single(a => a.App == "wiki");
        Assert.Equal(("failed", NightHarness.Utc("2026-11-22T05:10:00Z")), (wiki.Drill, wiki.LastVerified!.Value));
        Assert.Null(report.Apps.Single(a => a.App == "redis").Drill);

        var table = StatusPrinter.Table(report);
        Assert.Contains("PROVEN RESTORABLE", table, StringComparison.Ordinal);
        Assert.Contains("4d6h ago", table, StringComparison.Ordinal);
        Assert.Contains("11d6h ago DRILL FAILED", table, StringComparison.Ordinal);
        Assert.Contains("Restore drills FAILED: wiki/wiki", table, StringComparison.Ordinal);

        var json = JsonNode.Parse(StatusPrinter.Json(report))!["apps"]!.AsArray();
        var wikiJson = json.Single(a => (string?)a!["app"] == "wiki")!;
        Assert.Equal(("failed", "2026-11-22T05:10:00Z"), ((string?)wikiJson["drill"], (string?)wikiJson["lastVerified"]));
    }
}
