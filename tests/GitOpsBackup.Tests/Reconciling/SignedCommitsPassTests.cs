using System.Text;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Source;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Source;
using GitOpsBackup.Tests.Specs;
using k8s;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>
/// Passes over a git source under <c>--verify-signatures</c>, against the embedded cluster: a signed
/// revision is applied; an unsigned head on top is refused, the reason reported, and the cluster keeps
/// the last good revision's objects.
/// </summary>
public sealed class SignedCommitsPassTests : IClassFixture<GitDaemonFixture>, IAsyncLifetime, IDisposable
{
    private readonly GitDaemonFixture _server;
    private readonly SourceTestKit _kit = new();
    private readonly string _keys = GitPorts.NewTempDirectory("gob-sigpass");
    private EmbeddedKubernetes _cluster = null!;
    private Kubernetes _client = null!;

    public SignedCommitsPassTests(GitDaemonFixture server) => _server = server;

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedKubernetes.StartAsync();
        _cluster.State.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}""");
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = _cluster.BaseAddress.ToString().TrimEnd('/') });
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public void Dispose()
    {
        _client.Dispose();
        _kit.Dispose();
        GitPorts.DeleteDirectory(_keys);
    }

    private static Dictionary<string, string?> Files(string schedule) =>
        new InMemoryRepoTree().Defaults().App("shop", "shop", schedule).EnumerateFiles().ToDictionary(f => f.Path, f => (string?)Encoding.UTF8.GetString(f.ReadAllBytes()));

    private async Task<string> LiveScheduleAsync() => (await _client.BatchV1.ReadNamespacedCronJobAsync("backup-shop", "shop")).Spec.Schedule;

    [Fact]
    public async Task UnsignedHead_IsRefused_ReasonReported_LastGoodRevisionStaysApplied()
    {
        var alice = SigningKey.Create(_keys, "alice@example.org");
        var allowed = Path.Combine(_keys, "allowed_signers");
        await File.WriteAllTextAsync(allowed, alice.AllowedSignersLine + "\n");
        var repo = _server.CreateRepo("pass-" + Guid.NewGuid().ToString("N")[..8]);
        repo.SigningKey = alice.PrivateKeyPath;
        var good = repo.Commit(Files("30 2 * * *"), "shop nightly");
        var source = new GitSource(_kit.Options(_server.Url(repo.Name)) with { AllowedSignersFile = allowed }, _kit.Time, _kit.Jitter);
        using var pass = new ReconcilePass(new GitConfigSource(source, _server.Url(repo.Name)), new ListedLiveSource(new KubernetesApi(_client, _kit.Time)), _client, new PassOptions(), _kit.Time);

        // 1. The signed revision is applied.
        var first = await pass.RunAsync(CancellationToken.None);
        Assert.Equal(PassKind.Applied, first.Kind);
        Assert.Equal("30 2 * * *", await LiveScheduleAsync());

        // 2. An unsigned commit moves the schedule: refused, said why, and the cluster keeps the signed revision's CronJob.
        repo.SigningKey = null;
        var unsigned = repo.Commit(Files("0 5 * * *"), "unsigned change");
        var second = await pass.RunAsync(CancellationToken.None);

        Assert.Equal(PassKind.SourceFailed, second.Kind);
        Assert.Equal($"main@sha1:{good}", second.Revision);
        var error = Assert.Single(second.Errors);
        Assert.StartsWith("Signature: ", error, StringComparison.Ordinal);
        Assert.Contains($"commit {unsigned[..7]} is not signed", error, StringComparison.Ordinal);
        Assert.Null(second.NextRunAt);
        Assert.Equal("30 2 * * *", await LiveScheduleAsync());
    }
}
