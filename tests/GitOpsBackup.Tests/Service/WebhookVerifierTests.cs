using System.Security.Cryptography;
using System.Text;
using GitOpsBackup.Service;
using GitOpsBackup.Source;

namespace GitOpsBackup.Tests.Service;

/// <summary>The webhook verifier as a table: each forge's signature scheme, good, wrong and missing; oversized bodies; other events and refs.</summary>
public sealed class WebhookVerifierTests
{
    private const string Secret = "s3cret-shared-with-the-forge";
    private static readonly GitRef Main = GitRef.Branch("main");

    private static byte[] Push(string gitRef) => Encoding.UTF8.GetBytes($$$"""{"ref":"{{{gitRef}}}","after":"0123456789abcdef0123456789abcdef01234567","repository":{"full_name":"me/config"}}""");

    private static string Hmac(byte[] body, string secret = Secret) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Headers a forge sends for <paramref name="body"/>; <paramref name="sign"/> null leaves the signature out.</summary>
    private static Dictionary<string, string> Headers(Forge forge, byte[] body, string? eventName, Func<byte[], string>? sign)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var (eventHeader, signatureHeader, prefix) = forge switch
        {
            Forge.GitHub => ("X-GitHub-Event", "X-Hub-Signature-256", "sha256="),
            Forge.Gitea => ("X-Gitea-Event", "X-Gitea-Signature", ""),
            _ => ("X-Gitlab-Event", "X-Gitlab-Token", ""),
        };
        if (eventName is not null)
        {
            headers[eventHeader] = eventName;
        }

        if (sign is not null)
        {
            headers[signatureHeader] = prefix + sign(body);
        }

        return headers;
    }

    public static TheoryData<string, string, string, string?, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string?, string, string>();
        foreach (var (forge, push) in new[] { ("GitHub", "push"), ("Gitea", "push"), ("GitLab", "Push Hook") })
        {
            data.Add("push to the followed ref", forge, "refs/heads/main", push, "good", "Trigger");
            data.Add("wrong secret", forge, "refs/heads/main", push, "wrong", "Unauthorized");
            data.Add("no signature", forge, "refs/heads/main", push, "missing", "Unauthorized");
            data.Add("signature of another body", forge, "refs/heads/main", push, "other-body", "Unauthorized");
            data.Add("signature not hex", forge, "refs/heads/main", push, "garbage", "Unauthorized");
            data.Add("push to another branch", forge, "refs/heads/feature", push, "good", "Ignored");
            data.Add("push of a tag", forge, "refs/tags/v1.0.0", push, "good", "Ignored");
            data.Add("another event", forge, "refs/heads/main", forge == "GitLab" ? "Merge Request Hook" : "pull_request", "good", "Ignored");
            data.Add("no event header", forge, "refs/heads/main", null, "good", "Ignored");
            data.Add("other event, unsigned", forge, "refs/heads/main", "ping", "missing", "Unauthorized");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_DecidesByForgeSignatureEventAndRef(string why, string forgeName, string pushedRef, string? eventName, string signature, string decision)
    {
        var (forge, expected) = (Enum.Parse<Forge>(forgeName), Enum.Parse<WebhookDecision>(decision));
        var body = Push(pushedRef);
        Func<byte[], string>? sign = (forge, signature) switch
        {
            (_, "missing") => null,
            (Forge.GitLab, "good") => _ => Secret,
            (Forge.GitLab, "garbage") => _ => "",
            (Forge.GitLab, _) => _ => "not-the-secret",
            (_, "good") => b => Hmac(b),
            (_, "wrong") => b => Hmac(b, "not-the-secret"),
            (_, "other-body") => _ => Hmac(Push("refs/heads/other")),
            _ => _ => "zz-not-hex",
        };

        var verdict = WebhookVerifier.Verify(forge, body, Headers(forge, body, eventName, sign), Encoding.UTF8.GetBytes(Secret), Main);

        Assert.True(expected == verdict.Decision, $"{forge}, {why}: {verdict}");
        Assert.DoesNotContain(Secret, verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GitHub")]
    [InlineData("Gitea")]
    [InlineData("GitLab")]
    public void Verify_OversizedBody_IsTooLarge_EvenWhenSigned(string forgeName)
    {
        var forge = Enum.Parse<Forge>(forgeName);
        var body = new byte[1024 + 1];
        var verdict = WebhookVerifier.Verify(forge, body, Headers(forge, body, "push", b => forge == Forge.GitLab ? Secret : Hmac(b)), Encoding.UTF8.GetBytes(Secret), Main, maxBodyBytes: 1024);

        Assert.Equal((WebhookDecision.TooLarge, 413), (verdict.Decision, verdict.StatusCode));
    }

    [Fact]
    public void Verify_ForgejoSignature_IsAcceptedOnTheGiteaRoute_AndHeaderNamesIgnoreCase()
    {
        var body = Push("refs/heads/main");
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["x-forgejo-event"] = "push", ["x-forgejo-signature"] = Hmac(body) };

        var verdict = WebhookVerifier.Verify(Forge.Gitea, body, headers, Encoding.UTF8.GetBytes(Secret), Main);

        Assert.Equal((WebhookDecision.Trigger, 202), (verdict.Decision, verdict.StatusCode));
    }

    [Fact]
    public void Verify_SignedPushWithoutARef_IsMalformed()
    {
        var body = "[1,2,3]"u8.ToArray();
        var verdict = WebhookVerifier.Verify(Forge.GitHub, body, Headers(Forge.GitHub, body, "push", b => Hmac(b)), Encoding.UTF8.GetBytes(Secret), Main);

        Assert.Equal((WebhookDecision.Malformed, 400), (verdict.Decision, verdict.StatusCode));
    }

    [Fact]
    public void Verify_SignedPushWithALoneSurrogateRef_IsMalformed()
    {
        // Found by the hostile campaign: valid JSON, but GetString threw InvalidOperationException.
        var body = "{\"ref\": \"\\uD800\"}"u8.ToArray();
        var verdict = WebhookVerifier.Verify(Forge.GitHub, body, Headers(Forge.GitHub, body, "push", b => Hmac(b)), Encoding.UTF8.GetBytes(Secret), Main);

        Assert.Equal((WebhookDecision.Malformed, 400), (verdict.Decision, verdict.StatusCode));
    }

    [Theory]
    [InlineData("branch:main", "refs/heads/main", true)]
    [InlineData("branch:main", "refs/heads/mainline", false)]
    [InlineData("tag:v1.2.0", "refs/tags/v1.2.0", true)]
    [InlineData("tag:v1.2.0", "refs/heads/v1.2.0", false)]
    [InlineData("semver:>=1.0.0", "refs/tags/v1.3.0", true)]
    [InlineData("semver:>=1.0.0", "refs/heads/main", false)]
    [InlineData("commit:0123456789abcdef0123456789abcdef01234567", "refs/heads/main", false)]
    public void Concerns_MatchesWhatTheFollowedRefCanMoveTo(string followed, string pushed, bool expected) =>
        Assert.Equal(expected, WebhookVerifier.Concerns(GitRef.Parse(followed), pushed));

    [Fact]
    public void Concerns_AnyPush_ForAWorkingTree() => Assert.True(WebhookVerifier.Concerns(null, "refs/heads/anything"));
}
