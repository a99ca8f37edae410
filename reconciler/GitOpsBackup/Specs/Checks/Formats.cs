using System.Text.RegularExpressions;

namespace GitOpsBackup.Specs.Checks;

/// <summary>Small value formats: digest-pinned images, HH:mm times, S3 endpoint URLs.</summary>
internal static partial class Formats
{
    public static bool IsPinnedImage(string image) => PinnedImage().IsMatch(image);

    public static bool IsClockTime(string text) => ClockTime().IsMatch(text);

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

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    private static partial Regex ClockTime();
}
