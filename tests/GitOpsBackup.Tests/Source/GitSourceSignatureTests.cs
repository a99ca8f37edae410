using GitOpsBackup.Source;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Source;

/// <summary>
/// A git source under signature verification, against a real git daemon with commits signed by the
/// git CLI (gpg.format=ssh): a good head is handed out, any other is refused with a reason and the
/// last good revision kept, without a back-off, so a signed fix is taken at once.
/// </summary>
public sealed class GitSourceSignatureTests : IClassFixture<GitDaemonFixture>, IDisposable
{
    private readonly GitDaemonFixture _server;
    private readonly SourceTestKit _kit = new();
    private readonly string _keys = GitPorts.NewTempDirectory("gob-sigkeys");
    private readonly SigningKey _alice;
    private readonly string _allowed;

    public GitSourceSignatureTests(GitDaemonFixture server)
    {
        _server = server;
        _alice = SigningKey.Create(_keys, "alice@example.org");
        _allowed = Path.Combine(_keys, "allowed_signers");
        File.WriteAllText(_allowed, _alice.AllowedSignersLine + "\n");
    }

    public void Dispose()
    {
        _kit.Dispose();
        GitPorts.DeleteDirectory(_keys);
    }

    private GitSource Source(GitTestRepo repo) => new(_kit.Options(_server.Url(repo.Name)) with { AllowedSignersFile = _allowed }, _kit.Time, _kit.Jitter);

    private static SourceResult.Failed AssertFailed(SourceResult result) =>
        result as SourceResult.Failed ?? throw new Xunit.Sdk.XunitException($"expected Failed, got {result}");

    [Fact]
    public async Task SignedHead_ByAnAllowedKey_IsHandedOut_WithItsSigner()
    {
        var repo = _server.CreateRepo("signed-" + Guid.NewGuid().ToString("N")[..8]);
        repo.SigningKey = _alice.PrivateKeyPath;
        var sha = repo.Commit("apps/a/backup.yaml", SourceTestKit.Spec("a"));
        using var source = Source(repo);

        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal(sha, updated.Revision.CommitId);
        Assert.StartsWith("alice@example.org with ED25519 key SHA256:", updated.Signer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsignedHead_IsRefused_LastGoodStays_WithoutBackOff_AndASignedFixIsTakenAtOnce()
    {
        var repo = _server.CreateRepo("unsigned-" + Guid.NewGuid().ToString("N")[..8]);
        repo.SigningKey = _alice.PrivateKeyPath;
        var good = repo.Commit("apps/a/backup.yaml", SourceTestKit.Spec("a"));
        using var source = Source(repo);
        SourceTestKit.AssertUpdated(await source.PollAsync());

        repo.SigningKey = null;
        var unsigned = repo.Commit("apps/a/backup.yaml", SourceTestKit.Spec("a", "0 5 * * *"));
        var refused = AssertFailed(await source.PollAsync());

        Assert.Equal(SourceFailure.Signature, refused.Reason);
        Assert.Contains($"(branch:main): commit {unsigned[..7]} is not signed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(good, refused.LastGood?.CommitId);
        Assert.Equal(_kit.Time.GetUtcNow(), refused.RetryAt);

        // The same head again, the clock not moved: refused again at once, from memory (no fetch, no ssh-keygen).
        var fetches = source.Fetches;
        var again = AssertFailed(await source.PollAsync());
        Assert.Equal((SourceFailure.Signature, refused.Message, 2), (again.Reason, again.Message, again.ConsecutiveFailures));
        Assert.Equal(fetches, source.Fetches);

        // A signed commit on top is taken on the very next poll.
        repo.SigningKey = _alice.PrivateKeyPath;
        var fixedSha = repo.Commit("apps/a/backup.yaml", SourceTestKit.Spec("a", "0 6 * * *"));
        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal(fixedSha, updated.Revision.CommitId);
        Assert.Contains("0 6 * * *", SourceTestKit.ReadAll(updated.Tree)["apps/a/backup.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadSignedByAKeyNotInAllowedSigners_IsRefused_AsUnknownKey()
    {
        var repo = _server.CreateRepo("stranger-" + Guid.NewGuid().ToString("N")[..8]);
        repo.SigningKey = SigningKey.Create(_keys, "mallory@example.org").PrivateKeyPath;
        var sha = repo.Commit("apps/a/backup.yaml", SourceTestKit.Spec("a"));
        using var source = Source(repo);

        var refused = AssertFailed(await source.PollAsync());

        Assert.Equal(SourceFailure.Signature, refused.Reason);
        Assert.Contains($"commit {sha[..7]} is signed by an unknown key: no principal in {_allowed} has it", refused.Message, StringComparison.Ordinal);
        Assert.Null(refused.LastGood);
        Assert.Null(source.LastGood);
    }
}
