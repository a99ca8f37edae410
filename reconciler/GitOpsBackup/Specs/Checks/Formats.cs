using System.Text.RegularExpressions;

namespace GitOpsBackup.Specs.Checks;

/// <summary>Small value formats: digest-pinned images, HH:mm times, S3 endpoint URLs.</summary>
internal static partial class Formats
{
    public static bool IsPinnedImage(string image) => PinnedImage().IsMatch(image);

    public static bool IsClockTime(string text) => ClockTime().IsMatch(text);

    /// <summary>restic check --read-data-subset: "5%", "2.5%", "500M", "1/7", or "0" (we then read no data).</summary>
    public static bool IsReadDataSubset(string text) => ReadDataSubset().IsMatch(text);

    public static string? EndpointError(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // Printed through the scrubber: a mistyped scheme must not put a password on the CI log.
            return $"'{Source.Redactor.ScrubUrls(endpoint)}' is not an http:// or https:// URL";
        }

        return uri.UserInfo.Length > 0 ? "the endpoint URL must not carry credentials; they come from credentialsSecret" : null;
    }

    [GeneratedRegex("^[^@\\s]+@sha256:[0-9a-f]{64}$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex("^(0|([0-9]{1,2}(\\.[0-9]+)?|100)%|[1-9][0-9]{0,12}[kKmMgGtT]?|[1-9][0-9]{0,5}/[1-9][0-9]{0,5})$")]
    private static partial Regex ReadDataSubset();

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    private static partial Regex ClockTime();
}
