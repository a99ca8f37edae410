namespace GitOpsBackup.Specs.Loading;

/// <summary>Repo-relative path arithmetic with '/' separators; "" is the repo root.</summary>
internal static class RepoPaths
{
    public static string Folder(string file)
    {
        var slash = file.LastIndexOf('/');
        return slash < 0 ? "" : file[..slash];
    }

    public static string FileName(string file) => file[(file.LastIndexOf('/') + 1)..];

    /// <summary>Joins and normalises (".", "..", "./x", "x/"); null when the path leaves the repo.</summary>
    public static string? Combine(string folder, string relative)
    {
        var parts = new List<string>();
        var start = relative.StartsWith('/') ? "" : folder;
        foreach (var segment in (start + "/" + relative).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(segment);
        }

        return string.Join('/', parts);
    }

    /// <summary>Whether <paramref name="folder"/> is <paramref name="ancestor"/> or lies under it.</summary>
    public static bool Covers(string ancestor, string folder) =>
        ancestor.Length == 0 || folder == ancestor || folder.StartsWith(ancestor + "/", StringComparison.Ordinal);
}
