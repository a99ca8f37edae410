using System.Security.Cryptography;
using System.Text;
using CsCheck;

namespace GitOpsBackup.Fuzz;

/// <summary>
/// Generators of webhook deliveries: push bodies (valid, truncated, deeply nested, huge, invalid UTF-8, odd
/// "ref" values) with signatures that are right, almost right or wrong in every way a forge or an attacker
/// could send them.
/// </summary>
internal static class NastyPayloads
{
    private static readonly string[] Refs = ["\"refs/heads/main\"", "\"refs/heads/dev\"", "\"refs/tags/v1\"", "\"\"", "123", "null", "[\"refs/heads/main\"]", "{\"x\": 1}", "\"refs/heads/main\\u0000\"", "\"\\uD800\""];

    private static readonly Gen<byte[]> Body = Gen.Frequency(
        (10, Gen.OneOf(Refs).Select(r => Encoding.UTF8.GetBytes($"{{\"ref\": {r}, \"after\": \"abc\", \"commits\": []}}"))),
        (2, Gen.OneOf(Refs).Select(r => Encoding.UTF8.GetBytes($"{{\"ref\": \"refs/heads/main\", \"ref\": {r}}}"))),
        (3, Gen.Int[0, 60].Select(n => Encoding.UTF8.GetBytes("{\"ref\": \"refs/heads/main\", \"x\": \"abc".PadRight(n)[..n]))),
        (3, Gen.Int[10, 100_000].Select(depth => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)))),
        (2, Gen.Int[60_000, 70_000].Select(n => Encoding.UTF8.GetBytes("{\"ref\": \"refs/heads/main\", \"pad\": \"" + new string('x', n) + "\"}"))),
        (3, Gen.Byte.Array[0, 300]),
        (2, Gen.Const(new byte[] { 0xEF, 0xBB, 0xBF }.Concat("{\"ref\": \"refs/heads/main\"}"u8.ToArray()).ToArray())),
        (2, Gen.Const("{\"ref\": \"refs/heads/main\" /* c */, }"u8.ToArray())),
        (2, Gen.Const(new byte[] { 0x7B, 0x22, 0x72, 0x65, 0x66, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x00, 0x22, 0x7D })),
        (1, Gen.Const(Array.Empty<byte>())));

    private enum Signing { Right, RightUpper, RightPadded, OtherBody, WrongHex, NotHex, OddLength, Empty, Sha1, Missing, Huge, WithNul, SecretItself }

    private static readonly Gen<string> Event = Gen.OneOf("push", "push", "Push Hook", "Tag Push Hook", "ping", "PUSH", "push\u0000", "", "release");

    /// <summary>One delivery in <see cref="WebhookTarget"/>'s text form.</summary>
    public static readonly Gen<byte[]> Deliveries = Gen.Select(
        Gen.OneOf("github", "gitea", "gitlab"), Body, Gen.Enum<Signing>(), Event, Gen.Bool, (forge, body, signing, eventName, forgejo) =>
        {
            var secret = WebhookTarget.Secret;
            var hmac = Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
            var value = signing switch
            {
                Signing.Right => forge == "gitlab" ? Encoding.UTF8.GetString(secret) : hmac,
                Signing.RightUpper => hmac.ToUpperInvariant(),
                Signing.RightPadded => $"  {hmac}\t",
                Signing.OtherBody => Convert.ToHexStringLower(HMACSHA256.HashData(secret, body.Append((byte)0x20).ToArray())),
                Signing.WrongHex => new string('0', 64),
                Signing.NotHex => "zz" + hmac[2..],
                Signing.OddLength => hmac[1..],
                Signing.Empty => "",
                Signing.Sha1 => "sha1=" + hmac[..40],
                Signing.Missing => null,
                Signing.Huge => new string('a', 200_000),
                Signing.WithNul => hmac + "\u0000",
                _ => Encoding.UTF8.GetString(secret) + "x",
            };
            var head = new StringBuilder($"forge: {forge}\n");
            if (value is not null)
            {
                var header = forge switch
                {
                    "github" => "X-Hub-Signature-256: " + (signing == Signing.Sha1 ? "" : "sha256="),
                    "gitlab" => "X-Gitlab-Token: ",
                    _ => forgejo ? "X-Forgejo-Signature: " : "X-Gitea-Signature: ",
                };
                head.Append(header).Append(value.Replace('\n', ' ')).Append('\n');
            }

            var eventHeader = forge switch { "github" => "X-GitHub-Event", "gitlab" => "X-Gitlab-Event", _ => forgejo ? "X-Forgejo-Event" : "X-Gitea-Event" };
            head.Append(eventHeader).Append(": ").Append(eventName).Append("\n\n");
            return Encoding.UTF8.GetBytes(head.ToString()).Concat(body).ToArray();
        });
}
