using GitOpsBackup.Source;

namespace GitOpsBackup.Tests.Source;

/// <summary>The pure rules of the source: ref parsing, semver selection, back-off, redaction, classification.</summary>
public sealed class SourceRulesTests
{
    [Theory]
    [InlineData(null, GitRefKind.Branch, "main")]
    [InlineData("develop", GitRefKind.Branch, "develop")]
    [InlineData("branch:release/1.x", GitRefKind.Branch, "release/1.x")]
    [InlineData("refs/heads/main", GitRefKind.Branch, "main")]
    [InlineData("tag:v1.2.0", GitRefKind.Tag, "v1.2.0")]
    [InlineData("refs/tags/v1.2.0", GitRefKind.Tag, "v1.2.0")]
    [InlineData("semver:>=1.0.0 <2.0.0", GitRefKind.Semver, ">=1.0.0 <2.0.0")]
    [InlineData("commit:ABCDEF", GitRefKind.Commit, "abcdef")]
    [InlineData("0123456789abcdef0123456789ABCDEF01234567", GitRefKind.Commit, "0123456789abcdef0123456789abcdef01234567")]
    public void GitRef_Parse(string? text, GitRefKind kind, string value) =>
        Assert.Equal(new GitRef(kind, value), GitRef.Parse(text));

    public static TheoryData<string, string?> SemverCases => new()
    {
        { ">=1.0.0 <2.0.0", "v1.10.0" },
        { "^1.2", "v1.10.0" },
        { "~1.2.0", "1.2.9" },
        { "1.x", "v1.10.0" },
        { "1.2.3", "1.2.3" },
        { "[1.0,1.3)", "1.2.9" },
        { ">=2.0.0", "v2.0.0" },
        { ">=2.0.0-rc.0", "v2.1.0-rc.1" },
        { ">=3", null },
    };

    [Theory]
    [MemberData(nameof(SemverCases))]
    public void Semver_PicksTheHighestMatchingTag_WithOrWithoutV(string range, string? expected)
    {
        string[] tags = ["v1.0.0", "1.2.3", "1.2.9", "v1.10.0", "v2.0.0", "v2.1.0-rc.1", "not-a-version", "latest"];

        Assert.Equal(expected, SemverTagSelector.Select(tags, range));
    }

    [Theory]
    [InlineData(">=1.0.0", true)]
    [InlineData("[1.0,2.0)", true)]
    [InlineData(">=one", false)]
    [InlineData("", false)]
    public void Semver_RangeValidity(string range, bool valid) => Assert.Equal(valid, SemverTagSelector.IsValidRange(range));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(7, 300)]
    [InlineData(100, 300)]
    public void Backoff_IsCappedExponential_FromTheDefaults(int failures, int seconds)
    {
        var options = new GitSourceOptions { Url = "git://host/r.git", CacheRoot = "cache" };

        var delay = Resilience.Delay(new Backoff(options.InitialBackoff, options.MaxBackoff), failures, random: 0);

        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }

    [Theory]
    [InlineData("fetch https://user:tok3n@git.example/r.git failed", "fetch https://***@git.example/r.git failed")]
    [InlineData("ssh://git@host:22/r.git", "ssh://***@host:22/r.git")]
    [InlineData("no url here", "no url here")]
    [InlineData("https://user:p@ss@git.example/r.git", "https://***@git.example/r.git")]
    [InlineData("cluster: https://admin:hunter2@10.0.0.1:6443 (context x)", "cluster: https://***@10.0.0.1:6443 (context x)")]
    [InlineData("https://token@github.com/o/r.git and http://u:p@other", "https://***@github.com/o/r.git and http://***@other")]
    [InlineData("https://git.example/r.git?ref=a@b", "https://git.example/r.git?ref=a@b")]
    [InlineData("https://git.example/users/@me", "https://git.example/users/@me")]
    public void Redactor_ScrubsUserInfo(string text, string expected) => Assert.Equal(expected, Redactor.ScrubUrls(text));

    [Theory]
    [InlineData("https://git.example/o/r.git", "https://git.example/o/r.git", true)]
    [InlineData("https://git.example/o/r.git", "https://GIT.example:443/other/path.git", true)]
    [InlineData("http://127.0.0.1:8080/r.git", "http://127.0.0.1:8080/redirect/x/r.git", true)]
    [InlineData("https://git.example/o/r.git", "https://evil.example/o/r.git", false)]
    [InlineData("https://git.example/o/r.git", "https://git.example.evil.example/o/r.git", false)]
    [InlineData("https://git.example/o/r.git", "http://git.example/o/r.git", false)]
    [InlineData("https://git.example/o/r.git", "https://git.example:8443/o/r.git", false)]
    [InlineData("http://127.0.0.1:8080/r.git", "http://localhost:8080/r.git", false)]
    [InlineData("https://git.example/o/r.git", "not a url", false)]
    [InlineData("https://git.example/o/r.git", null, false)]
    public void Credentials_AreForTheConfiguredSchemeHostAndPortOnly(string configured, string? asked, bool same) =>
        Assert.Equal(same, GitSource.SameOrigin(configured, asked));

    [Fact]
    public void Redactor_ScrubsSecretValues() =>
        Assert.Equal("auth with *** refused", Redactor.Scrub("auth with hunter2 refused", ["hunter2"]));

    [Theory]
    [InlineData("too many redirects or authentication replays", SourceFailure.AuthenticationFailed)]
    [InlineData("request failed with status code: 401", SourceFailure.AuthenticationFailed)]
    [InlineData("early EOF; ssh: Host key verification failed.", SourceFailure.HostKeyRejected)]
    [InlineData("the SSL certificate is invalid", SourceFailure.CertificateRejected)]
    [InlineData("failed to connect to 127.0.0.1: Connection refused", SourceFailure.Unreachable)]
    [InlineData("could not read from remote repository", SourceFailure.Unreachable)]
    [InlineData("unexpected http status code: 502", SourceFailure.Unreachable)]
    [InlineData("packfile is corrupt", SourceFailure.Corrupt)]
    [InlineData("something else", SourceFailure.Other)]
    [InlineData("failed to parse config file: missing ']' in section header (in /tmp/c/440102894e4982b9/config:1)", SourceFailure.Corrupt)]
    [InlineData("error receiving data from socket: Interrupted system call", SourceFailure.Other)]
    public void Classifier_MapsLibgit2Messages(string message, SourceFailure expected) =>
        Assert.Equal(expected, FailureClassifier.Classify(new LibGit2Sharp.LibGit2SharpException(message)));
}
