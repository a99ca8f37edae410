using System.Text.Json.Nodes;
using GitOpsBackup.Cycle;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Reconciling;

namespace GitOpsBackup.Tests.Cli;

/// <summary>`status -o json --html FILE` against the embedded cluster: the JSON carries the night's runs, and the page is written from the same report.</summary>
public sealed class StatusCommandTests(EmbeddedTarget cluster) : IClassFixture<EmbeddedTarget>, IDisposable
{
    private readonly string _kubeconfig = PlanCommandTests.WriteKubeconfig(cluster);
    private readonly string _page = Path.Combine(Path.GetTempPath(), $"gitops-backup-night-{Guid.NewGuid():N}.html");

    public void Dispose()
    {
        File.Delete(_kubeconfig);
        File.Delete(_page);
    }

    [Fact]
    public async Task Html_WritesTheNightPage_FromTheSameReportAsTheJson()
    {
        var night = new DateOnly(2026, 12, 2);
        var start = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.FromHours(1));
        var job = LiveJson.BackupJob("status-html", "wiki", "backup-wiki-1", start.AddHours(2)).Pinned("node-7").Started(start.AddHours(2.1)).Completed(start.AddHours(2.5));
        var summary = new CycleSummary(night, "all 1 backups of the night finished", []) { Start = start, LatestStart = start.AddHours(8) }.ToJson();
        cluster.Embedded!.State.Seed(LiveJson.CronJob("status-html", "wiki", "0 2 * * *", start.AddDays(-30)));
        cluster.Embedded.State.Seed(job);
        cluster.Embedded.State.Seed(LiveJson.CloneJob(night, start.AddHours(3), summary).Completed(start.AddHours(3.5)));

        var (exit, stdout, stderr) = await CliRunner.RunAsync("status", "--kubeconfig", _kubeconfig, "-o", "json", "--html", _page);

        Assert.True(exit is 0 or 1, $"exit {exit}\n{stderr}");
        var json = JsonNode.Parse(stdout)!; // stdout stays pure JSON: the page's path goes to stderr
        Assert.Contains($"Night page: {_page}", stderr, StringComparison.Ordinal);
        var run = Assert.Single(json["runs"]!.AsArray(), r => (string?)r!["app"] == "wiki")!;
        Assert.Equal(("node-7", "ok", "2026-12-02T01:06:00Z"), ((string?)run["node"], (string?)run["outcome"], (string?)run["admitted"]));
        Assert.Equal(("2026-12-02", "2026-12-01T23:00:00Z", "2026-12-02T07:00:00Z"), ((string?)json["night"]!["cycle"], (string?)json["night"]!["cycleStart"], (string?)json["night"]!["latestStart"]));

        var page = await File.ReadAllTextAsync(_page);
        Assert.Contains("Backups: the night of 2026-12-02", page, StringComparison.Ordinal);
        Assert.Contains("<g class=\"lane\" data-node=\"node-7\">", page, StringComparison.Ordinal);
        Assert.Contains("data-app=\"status-html/wiki\" data-job=\"backup-wiki-1\" data-outcome=\"ok\"", page, StringComparison.Ordinal);
        Assert.Contains("<tr data-app=\"status-html/wiki\">", page, StringComparison.Ordinal);
        Assert.Contains("<g class=\"lane clone\" data-row=\"clone\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_ToAnUnwritablePath_IsAnIoError_NamingTheFile()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("status", "--kubeconfig", _kubeconfig, "--html", "/nonexistent-dir/night.html");

        Assert.Equal(2, exit);
        Assert.Contains("error: cannot write the night page /nonexistent-dir/night.html", stderr, StringComparison.Ordinal);
    }
}
