namespace GitOpsBackup.Specs.Checks;

/// <summary>The S3 endpoint URL (the schema's "s3-endpoint" format): C# because the message must not echo a password.</summary>
internal static class Formats
{
    public static string? EndpointError(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // Printed through the scrubber: a mistyped scheme must not put a password on the CI log.
            return $"'{Source.Redactor.ScrubUrls(endpoint)}' is not an http:// or https:// URL";
        }

        return uri.UserInfo.Length > 0 ? "the endpoint URL must not carry credentials; they come from credentialsSecret" : null;
    }
}
