using GitOpsBackup.Source;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Source;

/// <summary>GitSource against a real OpenSSH sshd: identity file, known_hosts, strict host key checking.</summary>
public sealed class GitSourceSshTests : IClassFixture<SshdFixture>, IDisposable
{
    private readonly SshdFixture _server;
    private readonly SourceTestKit _kit = new();

    public GitSourceSshTests(SshdFixture server) => _server = server;

    public void Dispose() => _kit.Dispose();

    private GitTestRepo NewRepo() => _server.CreateRepo("s" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task IdentityAndKnownHosts_CloneThenFetch()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "one");
        using var source = _kit.Source(_server.Url(repo.Name), auth: new GitAuth { SshIdentityFile = _server.IdentityFile, SshKnownHostsFile = _server.KnownHostsFile });

        var first = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal("one", SourceTestKit.ReadAll(first.Tree)["a.yaml"]);
        Assert.IsType<SourceResult.Unchanged>(await source.PollAsync());

        var sha = repo.Commit("a.yaml", "two");
        var second = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal(sha, second.Revision.CommitId);
        Assert.Equal("two", SourceTestKit.ReadAll(second.Tree)["a.yaml"]);
    }

    [Fact]
    public async Task WrongHostKey_IsRefused_AndTheMessageSaysHostKey()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "one");
        using var source = _kit.Source(_server.Url(repo.Name), auth: new GitAuth { SshIdentityFile = _server.IdentityFile, SshKnownHostsFile = _server.WrongKnownHostsFile });

        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.Equal(SourceFailure.HostKeyRejected, failed.Reason);
        Assert.Contains("Host key verification failed", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@@@", failed.Message, StringComparison.Ordinal);
        Assert.Null(failed.LastGood);
    }

    [Fact]
    public async Task NoKnownHostsFile_TrustsNoHost()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "one");
        using var source = _kit.Source(_server.Url(repo.Name), auth: new GitAuth { SshIdentityFile = _server.IdentityFile });

        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.Equal(SourceFailure.HostKeyRejected, failed.Reason);
    }
}
