using System.Security.Cryptography;
using GitOpsBackup.Source;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Source;

/// <summary>The server goes away (stopped, or a transfer cut mid-pack): last good kept, then recovery. Own daemon: it is stopped here.</summary>
public sealed class GitSourceOutageTests : IClassFixture<GitDaemonFixture>, IDisposable
{
    private readonly GitDaemonFixture _server;
    private readonly SourceTestKit _kit = new();

    public GitSourceOutageTests(GitDaemonFixture server) => _server = server;

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task ServerStoppedThenRestarted_KeepsLastGood_ThenRecovers()
    {
        var repo = _server.CreateRepo("outage");
        var good = repo.Commit("a.yaml", "good");
        using var source = _kit.Source(_server.Url(repo.Name));
        SourceTestKit.AssertUpdated(await source.PollAsync());
        var next = repo.Commit("a.yaml", "next");

        await _server.StopAsync();
        SourceResult.Failed failed;
        try
        {
            failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());
            _kit.Time.Advance(failed.RetryAt - _kit.Time.GetUtcNow());
            failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());
        }
        finally
        {
            await _server.StartAsync();
        }

        Assert.Equal(SourceFailure.Unreachable, failed.Reason);
        Assert.Equal(good, failed.LastGood?.CommitId);
        Assert.Equal(2, failed.ConsecutiveFailures);
        Assert.Equal(good, source.LastGood?.CommitId);

        _kit.Time.Advance(failed.RetryAt - _kit.Time.GetUtcNow());
        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal(next, updated.Revision.CommitId);
        Assert.Equal("next", SourceTestKit.ReadAll(updated.Tree)["a.yaml"]);
    }

    [Fact]
    public async Task TransferCutMidPack_KeepsLastGood_ThenRecovers()
    {
        var repo = _server.CreateRepo("cut");
        var good = repo.Commit("a.yaml", "good");
        await using var proxy = new GitCuttingProxy(_server.Port);
        using var source = _kit.Source($"git://127.0.0.1:{proxy.Port}/{repo.Name}.git");
        SourceTestKit.AssertUpdated(await source.PollAsync());

        // An incompressible 1 MiB blob makes the pack far larger than the cut.
        var next = repo.Commit(new Dictionary<string, string?> { ["a.yaml"] = "next", ["big.bin"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(1 << 20)) });
        proxy.CutAfterBytes = 64 * 1024;
        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.True(proxy.Cuts > 0, $"the poll failed without a cut: {failed.Reason}: {failed.Message}");
        Assert.Equal(good, failed.LastGood?.CommitId);
        Assert.Equal(SourceFailure.Unreachable, failed.Reason);

        proxy.CutAfterBytes = null;
        _kit.Time.Advance(failed.RetryAt - _kit.Time.GetUtcNow());
        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal(next, updated.Revision.CommitId);
        Assert.Equal("next", SourceTestKit.ReadAll(updated.Tree)["a.yaml"]);
    }
}
