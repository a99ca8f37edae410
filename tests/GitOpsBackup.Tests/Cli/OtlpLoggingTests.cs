using System.Text;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Reconciling;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// <c>run --otlp-endpoint</c> as Loki would see it: a real <c>run --once</c> process following a
/// password-protected HTTP git server and reconciling the embedded cluster ships its logs over
/// OTLP/HTTP to a receiver on 127.0.0.1, which decodes the protobuf.
/// </summary>
public sealed class OtlpLoggingTests : IClassFixture<GitHttpFixture>, IAsyncLifetime
{
    private readonly GitHttpFixture _git;
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gob-otlp-{Guid.NewGuid():N}")).FullName;
    private EmbeddedKubernetes _cluster = null!;
    private OtlpReceiver _receiver = null!;

    public OtlpLoggingTests(GitHttpFixture git) => _git = git;

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions { Simulate = true });
        _receiver = await OtlpReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task RunOnce_WithOtlpEndpoint_ShipsPassAndAdmissionLogs_WithServiceAndProperties_AndNoSecret()
    {
        var repo = _git.CreateRepo($"otlp-{Guid.NewGuid():N}");
        var tree = new InMemoryRepoTree().Defaults().App("shop", "shop", "@daily");
        var sha = repo.Commit(tree.EnumerateFiles().ToDictionary(f => f.Path, f => (string?)Encoding.UTF8.GetString(f.ReadAllBytes())), "add shop");
        _cluster.State.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}""");
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, EmbeddedTarget.Kubeconfig(_cluster.BaseAddress, "otlp-test-token"));

        // The git password is the canary: the process uses it on every poll, and it must reach no log.
        var passwordFile = Path.Combine(_dir, "password");
        await File.WriteAllTextAsync(passwordFile, _git.Password);
        string[] source = ["--repo", _git.HttpUrl(repo.Name), "--username", _git.User, "--password-file", passwordFile, "--kubeconfig", kubeconfig];

        // The app's CronJob is applied and a manual run waits for admission: the run's one pass admits it.
        var apply = await CliRunner.RunAsync(["apply", .. source, "--cache-dir", Path.Combine(_dir, "apply-cache")]);
        Assert.True(apply.Exit == 0, apply.Stdout + apply.Stderr);
        var backup = await CliRunner.RunAsync("backup", "shop", "-n", "shop", "--kubeconfig", kubeconfig);
        Assert.True(backup.Exit == 0, backup.Stderr);

        // The flag wins over the environment variable, which points at a port nobody listens on.
        var run = await ProcessRunner.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "gitops-backup.dll"), "run", "--once", .. source, "--cache-dir", Path.Combine(_dir, "run-cache"), "--otlp-endpoint", _receiver.BaseUrl],
            new Dictionary<string, string> { ["HOME"] = _dir, ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9/nobody" },
            TimeSpan.FromSeconds(90));

        // Flushed on exit: everything is there once the process has ended.
        Assert.True(run.ExitCode == 0, run.ToString());
        var logs = _receiver.Logs.ToList();
        Assert.Empty(_receiver.Rejected);
        var loaded = Assert.Single(logs, l => l.Body.StartsWith("Loaded revision", StringComparison.Ordinal));
        var admitted = Assert.Single(logs, l => l.Body.StartsWith("Admitted", StringComparison.Ordinal));
        var applied = Assert.Single(logs, l => l.Body.StartsWith("Pass applied", StringComparison.Ordinal));

        Assert.Equal("gitops-backup", loaded.Resource["service.name"]);
        Assert.Equal(Environment.MachineName, loaded.Resource["service.instance.id"]);
        Assert.False(string.IsNullOrEmpty(loaded.Resource["service.version"]));
        Assert.Equal($"main@sha1:{sha}", loaded.Attributes["Revision"]);
        Assert.Equal($"main@sha1:{sha}", applied.Attributes["Revision"]);
        Assert.Equal("Information", admitted.Severity);
        Assert.Equal("shop", admitted.Attributes["App"]);
        Assert.Equal("shop", admitted.Attributes["Namespace"]);
        Assert.Equal("node-1", admitted.Attributes["Node"]);
        Assert.StartsWith("backup-shop-manual-", admitted.Attributes["Job"], StringComparison.Ordinal);

        var received = string.Concat(_receiver.Bodies.Select(b => Encoding.UTF8.GetString(b)));
        Assert.DoesNotContain(_git.Password, received, StringComparison.Ordinal);
        Assert.DoesNotContain(_git.Password, run.Output, StringComparison.Ordinal);
    }
}
