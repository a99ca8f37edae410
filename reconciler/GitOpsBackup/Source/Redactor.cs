using System.Text.RegularExpressions;

namespace GitOpsBackup.Source;

/// <summary>Keeps credentials out of anything printed: user:pass@ in URLs and known secret values.</summary>
public static partial class Redactor
{
    /// <summary>Replaces the user-info part of every URL in <paramref name="text"/> with "***@".</summary>
    public static string ScrubUrls(string text) => UserInfo().Replace(text, "$1***@");

    /// <summary>Scrubs URLs and every occurrence of the given secret values.</summary>
    public static string Scrub(string text, IEnumerable<string> secrets)
    {
        var result = ScrubUrls(text);
        foreach (var secret in secrets)
        {
            if (secret.Length > 0)
            {
                result = result.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return result;
    }

    // The user-info ends at the last '@' before the path (a password may hold '@' itself): all of it goes.
    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#\s]*@")]
    private static partial Regex UserInfo();
}
