namespace GitOpsBackup.EmbeddedCluster.Json;

/// <summary>
/// A path to a field as one string (segments joined by a unit separator), so that sets of owned
/// fields are plain <c>HashSet&lt;string&gt;</c>. Label keys may hold dots and slashes, hence no '.'.
/// </summary>
internal static class FieldPath
{
    public const char Separator = '\u001f';

    public static string Join(IEnumerable<string> segments) => string.Join(Separator, segments);

    public static string Append(string path, string segment) => path.Length == 0 ? segment : path + Separator + segment;

    public static string[] Split(string path) => path.Length == 0 ? [] : path.Split(Separator);

    /// <summary>".spec.schedule", as real API conflict messages print a field.</summary>
    public static string Format(string path) => "." + path.Replace(Separator, '.');

    /// <summary>True when one path is the other or lies under it.</summary>
    public static bool Overlaps(string a, string b) =>
        a == b || IsUnder(a, b) || IsUnder(b, a);

    private static bool IsUnder(string child, string parent) =>
        child.Length > parent.Length && child[parent.Length] == Separator && child.StartsWith(parent, StringComparison.Ordinal);
}
