using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Cli;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Source;

/// <summary><c>validate</c>, <c>render</c>, <c>plan</c> and <c>apply</c> with <c>--repo</c>: the same answers as on a working tree, from a real git daemon.</summary>
public sealed class SourceVerbsTests : IClassFixture<GitDaemonFixture>, IDisposable
{
    private readonly GitDaemonFixture _server;
    private readonly SourceTestKit _kit = new();

    public SourceVerbsTests(GitDaemonFixture server) => _server = server;

    public void Dispose() => _kit.Dispose();

    private (GitTestRepo Repo, string Sha) PushSampleRepo()
    {
        var repo = _server.CreateRepo("verbs" + Guid.NewGuid().ToString("N")[..6]);
        var files = new DirectoryRepoTree(CheckoutPaths.SampleRepo).EnumerateFiles()
            .ToDictionary(f => f.Path, f => (string?)System.Text.Encoding.UTF8.GetString(f.ReadAllBytes()));
        return (repo, repo.Commit(files));
    }

    [Fact]
    public async Task Validate_Repo_MatchesTheWorkingTree()
    {
        var (repo, _) = PushSampleRepo();

        var remote = await CliRunner.RunAsync("validate", "--repo", _server.Url(repo.Name), "--ref", "main", "--cache-dir", _kit.CacheRoot);
        var local = await CliRunner.RunAsync("validate", CheckoutPaths.SampleRepo);

        Assert.Equal(0, remote.Exit);
        Assert.Equal(local.Stdout, remote.Stdout);
    }

    [Fact]
    public async Task Render_Repo_RecordsTheFetchedRevision()
    {
        var (repo, sha) = PushSampleRepo();

        var (exit, stdout, stderr) = await CliRunner.RunAsync("render", "--repo", _server.Url(repo.Name), "--cache-dir", _kit.CacheRoot);

        Assert.True(exit == 0, stderr);
        Assert.Contains("kind: CronJob", stdout, StringComparison.Ordinal);
        Assert.Contains($"main@sha1:{sha}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownBranch_IsAnIoError()
    {
        var (repo, _) = PushSampleRepo();

        var (exit, _, stderr) = await CliRunner.RunAsync("validate", "--repo", _server.Url(repo.Name), "--ref", "nope", "--cache-dir", _kit.CacheRoot);

        Assert.Equal(2, exit);
        Assert.Contains("RefNotFound", stderr, StringComparison.Ordinal);
        Assert.Contains("branch 'nope' does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_Repo_PlansTheFetchedSpecs_AgainstACluster()
    {
        var (repo, _) = PushSampleRepo();
        await using var cluster = await GitOpsBackup.EmbeddedCluster.EmbeddedKubernetes.StartAsync();
        var kubeconfig = Path.Combine(_kit.CacheRoot, "kubeconfig");
        Directory.CreateDirectory(_kit.CacheRoot);
        cluster.WriteKubeconfig(kubeconfig);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("plan", "--repo", _server.Url(repo.Name), "--cache-dir", _kit.CacheRoot, "--kubeconfig", kubeconfig, "--detailed-exitcode");

        Assert.True(exit == 1, $"exit {exit}: {stderr}");
        foreach (var app in new[] { "immich", "nextcloud", "paperless", "vaultwarden" })
        {
            Assert.Contains($"backup-{app}", stdout, StringComparison.Ordinal);
        }

        Assert.Equal(0, cluster.Requests.Writes);
    }

    [Fact]
    public async Task Apply_PathAndRepoTogether_IsAUsageError()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("apply", "somewhere", "--repo", "git://127.0.0.1:1/x.git", "--cache-dir", _kit.CacheRoot);

        Assert.Equal(2, exit);
        Assert.Contains("give either PATH or --repo", stderr, StringComparison.Ordinal);
    }
}
