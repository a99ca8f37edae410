namespace GitOpsBackup.Service;

/// <summary><c>--listen</c>: <c>:8080</c> (every interface), <c>127.0.0.1:0</c> (a free port), <c>[::1]:9090</c>, or <c>off</c>.</summary>
internal static class ListenAddress
{
    public const string Default = ":8080";

    /// <summary>The Kestrel URL for <paramref name="text"/>; null for <c>off</c>; an error naming the accepted forms.</summary>
    public static (string? Url, string? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t is "off" or "")
        {
            return (null, null);
        }

        var colon = t.LastIndexOf(':');
        var host = colon < 0 ? "" : t[..colon];
        var portText = colon < 0 ? t : t[(colon + 1)..];
        if (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535
            || host.Contains('/', StringComparison.Ordinal))
        {
            return (null, $"--listen '{text}': expected [HOST]:PORT, e.g. :8080, 127.0.0.1:0 (a free port), [::1]:9090, or off");
        }

        return ($"http://{(host.Length == 0 || host is "0.0.0.0" or "*" ? "*" : host)}:{port}", null);
    }
}
