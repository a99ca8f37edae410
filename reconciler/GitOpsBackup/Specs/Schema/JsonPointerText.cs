namespace GitOpsBackup.Specs.Schema;

/// <summary>JSON pointer segment escaping (RFC 6901).</summary>
internal static class JsonPointerText
{
    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
