using System.Text;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Reconciling;
using GitOpsBackup.Tests.Specs;
using k8s;

namespace GitOpsBackup.Tests.Cli;

/// <summary><c>--verify-signatures --allowed-signers FILE</c> on the verbs that read a git source: the options, and apply against the embedded cluster.</summary>
public sealed class VerifySignaturesTests : IClassFixture<GitDaemonFixture>, IAsyncLifetime
{
    private readonly GitDaemonFixture _git;
    private readonly string _dir = GitPorts.NewTempDirectory("gob-verifycli");
    private EmbeddedKubernetes _cluster = null!;

    public VerifySignaturesTests(GitDaemonFixture git) => _git = git;

    public async Task InitializeAsync() => _cluster = await EmbeddedKubernetes.StartAsync();

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        GitPorts.DeleteDirectory(_dir);
    }

    [Fact]
    public async Task Apply_SignedHeadApplied_ThenUnsignedHeadRefused_ExitTwo_WithTheReason_ClusterKeepsTheSignedRevision()
    {
        var alice = SigningKey.Create(_dir, "alice@example.org");
        var allowed = Path.Combine(_dir, "allowed_signers");
        await File.WriteAllTextAsync(allowed, alice.AllowedSignersLine + "\n");
        var repo = _git.CreateRepo("apply-" + Guid.NewGuid().ToString("N")[..8]);
        repo.SigningKey = alice.PrivateKeyPath;
        repo.Commit(Files("30 2 * * *"), "signed");
        _cluster.State.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}""");
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, EmbeddedTarget.Kubeconfig(_cluster.BaseAddress, "verify-test-token"));
        string[] apply = ["apply", "--repo", _git.Url(repo.Name), "--verify-signatures", "--allowed-signers", allowed, "--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(_dir, "cache")];

        var signed = await CliRunner.RunAsync(apply);
        Assert.True(signed.Exit == 0, signed.Stdout + signed.Stderr);

        repo.SigningKey = null;
        var unsigned = repo.Commit(Files("0 5 * * *"), "unsigned");
        var refused = await CliRunner.RunAsync(apply);

        Assert.Equal(2, refused.Exit);
        Assert.Contains($"error: Signature: {_git.Url(repo.Name)} (branch:main): commit {unsigned[..7]} is not signed", refused.Stderr, StringComparison.Ordinal);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        Assert.Equal("30 2 * * *", (await client.BatchV1.ReadNamespacedCronJobAsync("backup-shop", "shop")).Spec.Schedule);
    }

    [Theory]
    [InlineData("--verify-signatures --repo git://127.0.0.1:9/r.git", "--verify-signatures needs --allowed-signers FILE")]
    [InlineData("--allowed-signers {signers} --repo git://127.0.0.1:9/r.git", "--allowed-signers is used only with --verify-signatures")]
    [InlineData("--verify-signatures --allowed-signers {signers} .", "--verify-signatures needs --repo: a working tree has no commit to verify")]
    [InlineData("--verify-signatures --allowed-signers {dir}/missing --repo git://127.0.0.1:9/r.git", "--allowed-signers {dir}/missing: no such file")]
    public async Task Plan_WithIncompleteSignatureOptions_ExitsTwo_SayingWhatIsMissing(string args, string expected)
    {
        var signers = Path.Combine(_dir, "allowed_signers");
        await File.WriteAllTextAsync(signers, "");
        var (exit, _, stderr) = await CliRunner.RunAsync(["plan", .. args.Replace("{signers}", signers, StringComparison.Ordinal).Replace("{dir}", _dir, StringComparison.Ordinal).Split(' ')]);

        Assert.Equal(2, exit);
        Assert.Contains($"error: {expected.Replace("{dir}", _dir, StringComparison.Ordinal)}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithVerifySignaturesOnAWorkingTree_ExitsTwo_BeforeStarting()
    {
        var signers = Path.Combine(_dir, "run_allowed_signers");
        await File.WriteAllTextAsync(signers, "");

        var (exit, _, stderr) = await CliRunner.RunAsync("run", "--once", "--verify-signatures", "--allowed-signers", signers, _dir);

        Assert.Equal(2, exit);
        Assert.Contains("error: --verify-signatures needs --repo: a working tree has no commit to verify", stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Files(string schedule) =>
        new InMemoryRepoTree().Defaults().App("shop", "shop", schedule).EnumerateFiles().ToDictionary(f => f.Path, f => (string?)Encoding.UTF8.GetString(f.ReadAllBytes()));
}
