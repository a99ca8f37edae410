using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitOpsBackup.Source;

namespace GitOpsBackup.Service;

/// <summary>
/// One webhook delivery → <see cref="WebhookVerdict"/>. Pure (bytes and headers in, a value out) so it
/// can be tested by table and fuzzed. Order: size, then authenticity, then meaning — nothing about an
/// unverified body is looked at. Comparisons are constant-time.
/// </summary>
internal static class WebhookVerifier
{
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    /// <param name="forge">Which route it came in on.</param>
    /// <param name="body">The raw body, as signed.</param>
    /// <param name="headers">Request headers (names in any case).</param>
    /// <param name="secret">The shared secret, as configured on the forge.</param>
    /// <param name="followed">The ref <c>run</c> follows; null for a working tree (any push counts).</param>
    /// <param name="maxBodyBytes">Bodies longer than this are refused unread.</param>
    public static WebhookVerdict Verify(Forge forge, ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> secret, GitRef? followed, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (body.Length > maxBodyBytes)
        {
            return TooLarge(maxBodyBytes);
        }

        if (Authenticate(forge, body.Span, headers, secret) is { } refused)
        {
            return new(WebhookDecision.Unauthorized, refused);
        }

        var (eventHeader, pushEvents) = forge switch
        {
            Forge.GitHub => (Header(headers, "X-GitHub-Event"), new[] { "push" }),
            Forge.Gitea => (Header(headers, "X-Forgejo-Event") ?? Header(headers, "X-Gitea-Event"), ["push"]),
            _ => (Header(headers, "X-Gitlab-Event"), ["Push Hook", "Tag Push Hook"]),
        };
        if (eventHeader is null || !pushEvents.Contains(eventHeader, StringComparer.Ordinal))
        {
            return new(WebhookDecision.Ignored, $"event '{eventHeader ?? "(none)"}' is not a push");
        }

        if (PushedRef(body) is not { } pushed)
        {
            return new(WebhookDecision.Malformed, "a push without a string 'ref' in its JSON body");
        }

        return Concerns(followed, pushed)
            ? new(WebhookDecision.Trigger, $"push to {pushed}")
            : new(WebhookDecision.Ignored, $"push to {pushed}, not the followed {followed}");
    }

    /// <summary>The verdict for a body over the bound (also given unread when its Content-Length says so).</summary>
    public static WebhookVerdict TooLarge(int maxBodyBytes) => new(WebhookDecision.TooLarge, $"body over {maxBodyBytes} bytes");

    /// <summary>Whether a push to <paramref name="pushed"/> (e.g. refs/heads/main) may move what <paramref name="followed"/> resolves to.</summary>
    public static bool Concerns(GitRef? followed, string pushed) => followed?.Kind switch
    {
        null => true,
        GitRefKind.Branch => pushed == $"refs/heads/{followed.Value}",
        GitRefKind.Tag => pushed == $"refs/tags/{followed.Value}",
        GitRefKind.Semver => pushed.StartsWith("refs/tags/", StringComparison.Ordinal),
        _ => false, // a pinned commit never moves
    };

    /// <summary>Null when genuine; else why not (without the values).</summary>
    private static string? Authenticate(Forge forge, ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> secret)
    {
        if (forge == Forge.GitLab)
        {
            // GitLab sends the secret itself; hashing both sides first keeps the compare free of a length leak.
            return Header(headers, "X-Gitlab-Token") is not { } token ? "no X-Gitlab-Token header"
                : CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), SHA256.HashData(secret)) ? null
                : "X-Gitlab-Token does not match the secret";
        }

        var (name, signature) = forge == Forge.GitHub
            ? ("X-Hub-Signature-256", Header(headers, "X-Hub-Signature-256") is { } s && s.StartsWith("sha256=", StringComparison.Ordinal) ? s["sha256=".Length..] : null)
            : Header(headers, "X-Forgejo-Signature") is { } forgejo ? ("X-Forgejo-Signature", forgejo) : ("X-Gitea-Signature", Header(headers, "X-Gitea-Signature"));
        if (signature is null)
        {
            return $"no {name} header" + (forge == Forge.GitHub ? " of the form sha256=<hex>" : "");
        }

        var expected = HMACSHA256.HashData(secret, body);
        return TryHex(signature.Trim(), out var given) && CryptographicOperations.FixedTimeEquals(expected, given) ? null : $"{name} does not match the body";
    }

    private static bool TryHex(string hex, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static string? PushedRef(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("ref", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A ref holding a lone surrogate ("\uD800") parses as JSON but is no string .NET can hold.
            return null;
        }
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value
        : headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
