using System.Security.Cryptography;
using System.Text;
using CsCheck;
using GitOpsBackup.Service;
using GitOpsBackup.Source;

namespace GitOpsBackup.Fuzz;

/// <summary>
/// The webhook parser and verifier (pure: bytes and headers in, a verdict out). Input: header lines
/// (<c>Name: value</c>; a first line <c>forge: github|gitea|gitlab</c> picks the route) up to a blank line,
/// then the body. Promises: no exception; nothing but a genuine delivery (checked here independently) gets
/// past 401; an over-long body is refused unread; the reason never holds the secret or the signature sent.
/// </summary>
internal sealed class WebhookTarget : FuzzTarget
{
    /// <summary>The bound the fuzz runs with: small, so over-long bodies are common and cheap.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static readonly byte[] Secret = "canary-webhook-secret-7f3a"u8.ToArray();

    public override string Name => "webhook";

    public override Gen<byte[]> Inputs => NastyPayloads.Deliveries;

    protected override void Check(ReadOnlySpan<byte> input)
    {
        var (forge, headers, body) = Parse(input);

        var verdict = WebhookVerifier.Verify(forge, body, headers, Secret, GitRef.Parse("main"), MaxBodyBytes);

        Require(Enum.IsDefined(verdict.Decision) && verdict.StatusCode is >= 200 and < 500, $"verdict {verdict.Decision} ({verdict.StatusCode})");
        Require((body.Length > MaxBodyBytes) == (verdict.Decision == WebhookDecision.TooLarge), $"{body.Length}-byte body got {verdict.Decision}");
        if (verdict.Decision is WebhookDecision.Trigger or WebhookDecision.Ignored or WebhookDecision.Malformed)
        {
            Require(Genuine(forge, body, headers), $"a delivery without a valid signature got {verdict.Decision}: {verdict.Reason}");
        }

        Require(!verdict.Reason.Contains(Encoding.UTF8.GetString(Secret), StringComparison.Ordinal), $"the secret in the reason");
        foreach (var value in headers.Values.Where(v => v.Length >= 16))
        {
            Require(!verdict.Reason.Contains(value, StringComparison.Ordinal), $"a signature or token header in the reason");
        }
    }

    public static (Forge Forge, Dictionary<string, string> Headers, byte[] Body) Parse(ReadOnlySpan<byte> input)
    {
        var split = input.IndexOf("\n\n"u8);
        var head = Encoding.UTF8.GetString(split < 0 ? input : input[..split]);
        var body = split < 0 ? [] : input[(split + 2)..].ToArray();
        var forge = Forge.GitHub;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].TrimStart());
            if (name.Equals("forge", StringComparison.OrdinalIgnoreCase))
            {
                forge = value.Trim() switch { "gitea" => Forge.Gitea, "gitlab" => Forge.GitLab, _ => Forge.GitHub };
                continue;
            }

            headers[name] = value; // HTTP servers keep one value per name; the last wins here
        }

        return (forge, headers, body);
    }

    /// <summary>Whether the delivery carries the right signature or token: written apart from the verifier, to check it.</summary>
    private static bool Genuine(Forge forge, byte[] body, Dictionary<string, string> headers)
    {
        var hmac = Convert.ToHexString(HMACSHA256.HashData(Secret, body));
        return forge switch
        {
            Forge.GitLab => headers.TryGetValue("X-Gitlab-Token", out var token) && token == Encoding.UTF8.GetString(Secret),
            Forge.GitHub => headers.TryGetValue("X-Hub-Signature-256", out var s) && s.StartsWith("sha256=", StringComparison.Ordinal)
                && string.Equals(s["sha256=".Length..].Trim(), hmac, StringComparison.OrdinalIgnoreCase),
            _ => (headers.TryGetValue("X-Forgejo-Signature", out var f) ? f : headers.GetValueOrDefault("X-Gitea-Signature")) is { } sig
                && string.Equals(sig.Trim(), hmac, StringComparison.OrdinalIgnoreCase),
        };
    }
}
