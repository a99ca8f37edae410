using System.CommandLine;
using GitOpsBackup.Cli;
using GitOpsBackup.Cli.Commands;
using GitOpsBackup.Planning;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Cluster.Contract;
using static GitOpsBackup.Tests.Planning.TestObjects;

namespace GitOpsBackup.Tests.Cli;

/// <summary>`apply` against the embedded cluster. One case, in passes, because every pass sees the whole cluster.</summary>
public sealed class ApplyCommandTests(EmbeddedTarget cluster) : IClassFixture<EmbeddedTarget>, IDisposable
{
    private readonly string _kubeconfig = PlanCommandTests.WriteKubeconfig(cluster);

    public void Dispose() => File.Delete(_kubeconfig);

    private async Task<(int Exit, string Out, string Err)> ApplyAsync(DesiredState desired, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var root = new RootCommand { ApplyCommand.Create(new CliContext(stdout, stderr, TimeProvider.System), (_, _, _) => Task.FromResult(desired)) };
        var exit = await root.Parse(["apply", "--kubeconfig", _kubeconfig, .. args]).InvokeAsync();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task AppliesThenNoOps_PrunesOnlyWithinTheGuard_AndReportsBrokenApps()
    {
        foreach (var ns in new[] { "a", "b", "c", "d" })
        {
            cluster.Embedded!.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }

        var all = State(CronJob("a", "a"), CronJob("b", "b"), CronJob("c", "c"), CronJob("d", "d"));

        // 1. Cold: everything created, one line per object and a summary.
        var (exit, output, _) = await ApplyAsync(all);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("created   CronJob a/backup-a: not in the cluster", output, StringComparison.Ordinal);
        Assert.EndsWith("Apply complete: 4 created, 0 updated, 0 recreated, 0 deleted, 0 unchanged, 0 skipped, 0 failed.\n", output, StringComparison.Ordinal);

        // 2. No-op: nothing written.
        cluster.Embedded!.Requests.Reset();
        (exit, output, _) = await ApplyAsync(all);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("Apply complete: 0 created, 0 updated, 0 recreated, 0 deleted, 4 unchanged, 0 skipped, 0 failed.\n", output);
        Assert.Equal(0, cluster.Embedded.Requests.Writes);

        // 3. Three of four apps gone: the guard refuses (exit 1), nothing deleted.
        (exit, output, var errors) = await ApplyAsync(State(CronJob("a", "a")));
        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Contains("error: prune guard: this pass would delete 3 of 4 managed apps", errors, StringComparison.Ordinal);
        Assert.Contains("0 deleted", output, StringComparison.Ordinal);

        // 4. --max-prune-share 0.8 lets it through; the broken app d is left as it is.
        var withBroken = State(CronJob("a", "a")) with { BrokenApps = new HashSet<AppKey> { new("d", "d") } };
        (exit, output, errors) = await ApplyAsync(withBroken, "--max-prune-share", "0.8");
        Assert.Contains("deleted   CronJob b/backup-b: no longer in the repo", output, StringComparison.Ordinal);
        Assert.Contains("skipped   CronJob d/backup-d: the app's spec has errors: left as it is", output, StringComparison.Ordinal);
        Assert.Contains("note: 1 app(s) with spec errors are left as they are in the cluster: d/d", errors, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, exit);

        // 5. --allow-mass-prune: the last ones go too.
        (exit, output, _) = await ApplyAsync(State(), "--allow-mass-prune");
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("2 deleted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectsAPruneShareOutsideZeroToOne()
    {
        var (exit, _, _) = await ApplyAsync(State(), "--max-prune-share", "1.5");

        Assert.NotEqual(ExitCodes.Ok, exit);
    }
}
