using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOpsBackup.Planning;

/// <summary>
/// Keeps secret values out of printed plans. We manage no Secrets, and credentials reach pods only
/// as references (env valueFrom), which are printed as they are; anything under data/stringData,
/// or a plain env value whose name looks like a credential, is printed as "(redacted)".
/// </summary>
internal static partial class Redaction
{
    public const string Redacted = "\"(redacted)\"";

    private static readonly HashSet<string> SecretMaps = ["data", "stringData", "binaryData"];

    /// <summary>A field path whose value must never be printed.</summary>
    public static bool IsSensitive(string path) => SecretMapPath().IsMatch(path) || CredentialEnvValue().IsMatch(path);

    /// <summary>A copy of <paramref name="node"/> with sensitive values replaced, for printing a whole object or list.</summary>
    public static JsonNode Scrub(JsonNode node)
    {
        var copy = node.DeepClone();
        ScrubInPlace(copy);
        return copy;
    }

    private static void ScrubInPlace(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["value"] is JsonValue && o["name"] is JsonValue name && name.TryGetValue(out string? envName) && CredentialName().IsMatch(envName))
                {
                    o["value"] = "(redacted)";
                }

                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (SecretMaps.Contains(key) && o[key] is not null)
                    {
                        o[key] = "(redacted)";
                    }
                    else
                    {
                        ScrubInPlace(o[key]);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    ScrubInPlace(item);
                }

                break;
        }
    }

    [GeneratedRegex(@"(^|\.)(data|stringData|binaryData)(\.|\[|$)")]
    private static partial Regex SecretMapPath();

    // The diff names list elements by their name, so a path reads "env[RESTIC_PASSWORD].value".
    [GeneratedRegex(@"env\[[^\]]*(PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL)[^\]]*\]\.value$", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialEnvValue();

    [GeneratedRegex("PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialName();
}
