using GitOpsBackup.Source;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Source;

/// <summary>GitSource against git-http-backend behind Basic auth, over HTTP and HTTPS (a generated CA).</summary>
public sealed class GitSourceHttpTests : IClassFixture<GitHttpFixture>, IDisposable
{
    private readonly GitHttpFixture _server;
    private readonly SourceTestKit _kit = new();
    private readonly string _secrets = GitPorts.NewTempDirectory("gob-secret");

    public GitSourceHttpTests(GitHttpFixture server) => _server = server;

    public void Dispose()
    {
        _kit.Dispose();
        GitPorts.DeleteDirectory(_secrets);
    }

    private GitTestRepo NewRepo() => _server.CreateRepo("h" + Guid.NewGuid().ToString("N")[..8]);

    private GitAuth PasswordFrom(string password, string? caBundle = null)
    {
        var file = Path.Combine(_secrets, Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, password + "\n");
        return new GitAuth { Username = _server.User, PasswordFile = file, CaBundleFile = caBundle };
    }

    [Fact]
    public async Task WithoutCredentials_FailsAsAuthenticationFailed()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "a");
        using var source = _kit.Source(_server.HttpUrl(repo.Name));

        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.Equal(SourceFailure.AuthenticationFailed, failed.Reason);
    }

    [Fact]
    public async Task WrongPassword_FailsAsAuthenticationFailed_AndTheMessageHoldsNoSecret()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "a");
        const string wrong = "not-the-password-4711";
        using var source = _kit.Source(_server.HttpUrl(repo.Name), auth: PasswordFrom(wrong));

        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.Equal(SourceFailure.AuthenticationFailed, failed.Reason);
        Assert.DoesNotContain(wrong, failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, failed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotatedSecret_IsPickedUpByTheNextAttempt()
    {
        var repo = NewRepo();
        var sha = repo.Commit("a.yaml", "a");
        var auth = PasswordFrom("stale-password");
        using var source = _kit.Source(_server.HttpUrl(repo.Name), auth: auth);
        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());
        Assert.Equal(SourceFailure.AuthenticationFailed, failed.Reason);

        // The mounted Secret is updated in place; nothing restarts.
        await File.WriteAllTextAsync(auth.PasswordFile!, _server.Password);
        _kit.Time.Advance(failed.RetryAt - _kit.Time.GetUtcNow());

        Assert.Equal(sha, SourceTestKit.AssertUpdated(await source.PollAsync()).Revision.CommitId);
    }

    [Fact]
    public async Task PasswordFromFile_ClonesThenFetchesANewCommit()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "zero");
        var tip = repo.Commit("a.yaml", "one");
        using var source = _kit.Source(_server.HttpUrl(repo.Name), auth: PasswordFrom(_server.Password));

        var first = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal("one", SourceTestKit.ReadAll(first.Tree)["a.yaml"]);

        // Over HTTP the first copy is a depth-1 clone: the tip is a shallow boundary.
        Assert.Equal(tip, File.ReadAllText(Path.Combine(source.CacheDirectory, "shallow")).Trim());
        Assert.IsType<SourceResult.Unchanged>(await source.PollAsync());

        var sha = repo.Commit("a.yaml", "two");
        var second = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal(sha, second.Revision.CommitId);
        Assert.Equal("two", SourceTestKit.ReadAll(second.Tree)["a.yaml"]);
    }

    [Fact]
    public async Task ForcePush_IsFollowed_FromAShallowClone()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "zero");
        repo.Commit("a.yaml", "one");
        using var source = _kit.Source(_server.HttpUrl(repo.Name), auth: PasswordFrom(_server.Password));
        SourceTestKit.AssertUpdated(await source.PollAsync());

        var rewritten = repo.ForcePushNewHistory("b.yaml", "new history");
        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal(rewritten, updated.Revision.CommitId);
        Assert.Equal(new Dictionary<string, string> { ["b.yaml"] = "new history" }, SourceTestKit.ReadAll(updated.Tree));
    }

    [Fact]
    public async Task TokenFromEnvironment_IsSentAsThePassword()
    {
        var repo = NewRepo();
        var sha = repo.Commit("a.yaml", "one");
        var variable = "GOB_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, _server.Password);
        try
        {
            using var source = _kit.Source(_server.HttpUrl(repo.Name), auth: new GitAuth { Username = _server.User, TokenEnv = variable });

            var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

            Assert.Equal(sha, updated.Revision.CommitId);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Https_WithTheCaBundle_Works()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "one");
        using var source = _kit.Source(_server.HttpsUrl(repo.Name), auth: PasswordFrom(_server.Password, _server.CaBundlePath));

        var first = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal("one", SourceTestKit.ReadAll(first.Tree)["a.yaml"]);
        Assert.IsType<SourceResult.Unchanged>(await source.PollAsync());

        var sha = repo.Commit("a.yaml", "two");
        Assert.Equal(sha, SourceTestKit.AssertUpdated(await source.PollAsync()).Revision.CommitId);
    }

    [Fact]
    public async Task Https_WithoutTheCaBundle_IsRefusedAsCertificateRejected()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "one");
        using var source = _kit.Source(_server.HttpsUrl(repo.Name), auth: PasswordFrom(_server.Password));

        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.Equal(SourceFailure.CertificateRejected, failed.Reason);
    }

    public static TheoryData<string, bool, bool> CrossHostRedirects => new()
    {
        // what, token (else a password file), redirected only after authenticating at the first host
        { "password", false, false },
        { "token", true, false },
        { "password, after auth", false, true },
        { "token, after auth", true, true },
    };

    [Theory]
    [MemberData(nameof(CrossHostRedirects))]
    public async Task RedirectToAnotherHost_GetsNoCredentials(string what, bool token, bool afterAuth)
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "a");
        var url = GitHttpFixture.RedirectingUrl($"http://127.0.0.1:{_server.HttpPort}", $"http://localhost:{_server.HttpPort}", repo.Name, afterAuth);
        var variable = "GOB_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, _server.Password);
        try
        {
            var auth = token ? new GitAuth { Username = _server.User, TokenEnv = variable } : PasswordFrom(_server.Password);
            using var source = _kit.Source(url, auth: auth);

            var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

            Assert.Equal(SourceFailure.AuthenticationFailed, failed.Reason);
            Assert.Contains("localhost", failed.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(_server.Password, failed.Message, StringComparison.Ordinal);
            var toOtherHost = _server.Requests.Where(r => r.Path.Contains(repo.Name, StringComparison.Ordinal) && r.Host.StartsWith("localhost:", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(toOtherHost);
            Assert.All(toOtherHost, r => Assert.False(r.Authorized, $"{what}: credentials were sent to {r.Host}{r.Path}"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task RedirectOnTheSameHost_KeepsTheCredentials()
    {
        var repo = NewRepo();
        var sha = repo.Commit("a.yaml", "a");
        var origin = $"http://127.0.0.1:{_server.HttpPort}";
        using var source = _kit.Source(GitHttpFixture.RedirectingUrl(origin, origin, repo.Name), auth: PasswordFrom(_server.Password));

        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal(sha, updated.Revision.CommitId);
        Assert.Contains(_server.Requests, r => r.Path == $"/{repo.Name}.git/info/refs" && r.Authorized);
    }

    [Fact]
    public async Task RedirectFromHttpsToHttp_GetsNoCredentials()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "a");
        var url = GitHttpFixture.RedirectingUrl($"https://127.0.0.1:{_server.HttpsPort}", $"http://127.0.0.1:{_server.HttpPort}", repo.Name);
        using var source = _kit.Source(url, auth: PasswordFrom(_server.Password, _server.CaBundlePath));

        Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.DoesNotContain(_server.Requests, r => r.Path.Contains(repo.Name, StringComparison.Ordinal) && r.Scheme == "http" && r.Authorized);
    }

    [Fact]
    public void PasswordInTheUrl_IsRefused_AndNotEchoed()
    {
        var error = Assert.Throws<ArgumentException>(() => _kit.Source("https://user:hunter2@example.invalid/repo.git"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
