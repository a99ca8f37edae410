using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Reconciling;
using GitOpsBackup.Tests.Specs;
using k8s;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// <c>gitops-backup run</c> as a user runs it: a process following a real git server (git daemon)
/// and reconciling a simulated cluster, stopped with SIGTERM.
/// </summary>
public sealed class RunCommandTests : IClassFixture<GitDaemonFixture>, IAsyncLifetime
{
    private readonly GitDaemonFixture _git;
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gob-run-{Guid.NewGuid():N}")).FullName;
    private EmbeddedKubernetes _cluster = null!;

    public RunCommandTests(GitDaemonFixture git) => _git = git;

    public async Task InitializeAsync() => _cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions
    {
        Simulate = true,
        SimulationInterval = TimeSpan.FromMilliseconds(200),
        SimulatedJobDuration = TimeSpan.FromSeconds(1),
    });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_AppliesAPushedApp_AdmitsAManualRun_ThatFinishes_AndExitsZeroOnSigterm()
    {
        var repo = _git.CreateRepo($"run-{Guid.NewGuid():N}");
        repo.Commit("infrastructure/defaults.yaml", SpecTexts.Defaults);
        foreach (var ns in new[] { "late" })
        {
            _cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }

        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, EmbeddedTarget.Kubeconfig(_cluster.BaseAddress, "run-test-token"));
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var output = new StringBuilder();
        using var run = Start(output, "run", "--repo", _git.Url(repo.Name), "--ref", "main", "--interval", "2s", "--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(_dir, "cache"));
        try
        {
            // A commit adds an app: its CronJob appears within an interval or two.
            var tree = new InMemoryRepoTree().App("late", "late", "@daily");
            repo.Commit(tree.EnumerateFiles().ToDictionary(f => f.Path, f => (string?)Encoding.UTF8.GetString(f.ReadAllBytes())), "add late");
            var cronJob = await Eventually(async () => (await client.BatchV1.ListNamespacedCronJobAsync("late", cancellationToken: timeout.Token)).Items.SingleOrDefault(), timeout.Token);

            // A manual run goes through the queue: admitted (un-suspended) and finished on the simulated node.
            var backup = await CliRunner.RunAsync("backup", "late", "-n", "late", "--kubeconfig", kubeconfig);
            Assert.True(backup.Exit == 0, backup.Stderr);
            var finished = await Eventually(async () => (await client.BatchV1.ListNamespacedJobAsync("late", cancellationToken: timeout.Token)).Items
                .SingleOrDefault(j => j.Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true), timeout.Token);

            // kubectl's own manual run (a protobuf create) joins the same queue.
            var kubectl = await ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "create", "job", "by-kubectl", "--from=cronjob/backup-late", "-n", "late"], new Dictionary<string, string> { ["PATH"] = ProcessRunner.PlainPath, ["HOME"] = _dir });
            Assert.True(kubectl.ExitCode == 0, kubectl.ToString());
            var byKubectl = await Eventually(async () => (await client.BatchV1.ListNamespacedJobAsync("late", cancellationToken: timeout.Token)).Items
                .SingleOrDefault(j => j.Metadata.Name == "by-kubectl" && j.Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true), timeout.Token);

            Assert.Equal("backup-late", cronJob.Metadata.Name);
            Assert.Equal("node-1", byKubectl.Spec.Template.Spec.NodeSelector["kubernetes.io/hostname"]);
            Assert.False(finished.Spec.Suspend);
            Assert.Equal("node-1", finished.Spec.Template.Spec.NodeSelector["kubernetes.io/hostname"]);
            Assert.Contains(_cluster.State.List("v1", "Event", "late"), e => (string?)e["reason"] == "Admitted");
        }
        finally
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", run.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync(timeout.Token);
            await run.WaitForExitAsync(timeout.Token);
        }

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{output}");
        Assert.Contains("Stopped after", output.ToString(), StringComparison.Ordinal);
    }

    private static Process Start(StringBuilder output, params string[] args)
        => CliProcess.Start(output, args);

    /// <summary>Polls the cluster until <paramref name="probe"/> finds something (the run process is real and runs on the real clock).</summary>
    private static Task<T> Eventually<T>(Func<Task<T?>> probe, CancellationToken ct)
        where T : class => CliProcess.Eventually(probe, ct, pollMs: 200);
}
