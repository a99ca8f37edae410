using GitOpsBackup.Diffing;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Diffing;

/// <summary>The comment stays valid markdown whatever the findings hold, and fits in a GitHub comment.</summary>
public sealed class DiffMarkdownPrinterTests
{
    private static DiffReport Report(IReadOnlyList<DiffFinding>? findings = null, IReadOnlyList<ObjectDiff>? objects = null) => new()
    {
        Base = "main@0123456789ab",
        Head = "pr@ba9876543210",
        Apps = findings is null ? [] : [new AppDiff(new AppKey("ns", "app"), AppChange.Changed, findings)],
        Repository = [],
        HeadErrors = [],
        Objects = objects ?? [],
    };

    [Fact]
    public void FirstLine_IsTheMarker_ABotFindsItsCommentBy()
    {
        var markdown = DiffMarkdownPrinter.Print(Report());

        Assert.Equal("<!-- gitops-backup-diff -->", markdown.Split('\n')[0]);
        Assert.Contains("**no change to the backups**", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void CronStars_Pipes_AndTags_AreEscaped()
    {
        var markdown = DiffMarkdownPrinter.Print(Report([new(DiffSeverity.Info, DiffTopic.Schedule, null, "schedule */5 * * * * | <b>")]));

        Assert.Contains(@"- schedule \*/5 \* \* \* \* \| \<b\>", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectDiff_WithBackticks_GetsALongerFence()
    {
        var markdown = DiffMarkdownPrinter.Print(Report(objects: [new("CronJob", "ns", "backup-app", ObjectChange.Changed, "+  echo ```\n")]));

        Assert.Contains("````diff\n+  echo ```\n````\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjectDiffs_PastTheBudget_AreLeftOut_WithANote()
    {
        var big = new string('x', 20_000) + "\n";
        var objects = Enumerable.Range(1, 5).Select(i => new ObjectDiff("CronJob", "ns", $"backup-{i}", ObjectChange.Added, big)).ToList();

        var markdown = DiffMarkdownPrinter.Print(Report(objects: objects));

        Assert.True(markdown.Length < 65_536, $"{markdown.Length} characters");
        Assert.Contains("**CronJob `ns/backup-2`**", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("backup-3", markdown, StringComparison.Ordinal);
        Assert.Contains("3 more object diff(s) left out to fit a comment", markdown, StringComparison.Ordinal);
    }
}
