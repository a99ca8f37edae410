using GitOpsBackup.Specs.Loading;
using MAB.DotIgnore;

namespace GitOpsBackup.Source;

/// <summary>
/// Flux's .sourceignore rules: gitignore syntax, one file at the root and optionally more in
/// subfolders, each applying to paths below its own folder. .git is always ignored. Applied only by
/// <see cref="SourceTreeWalker"/>.
/// </summary>
internal sealed class SourceIgnore
{
    public const string FileName = ".sourceignore";

    private readonly List<(string Folder, IgnoreList Rules)> _lists = [];

    public void Add(string folder, string content)
    {
        var lines = content.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0 && !l.StartsWith('#'));
        _lists.Add((folder, new IgnoreList(lines)));
    }

    /// <summary>Whether a repo-relative path (file or folder) is ignored by any .sourceignore above it.</summary>
    public bool IsIgnored(string path, bool isDirectory)
    {
        if (path == ".git" || path.StartsWith(".git/", StringComparison.Ordinal) || path.Contains("/.git/", StringComparison.Ordinal) || path.EndsWith("/.git", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var (folder, rules) in _lists)
        {
            if (!RepoPaths.Covers(folder, RepoPaths.Folder(path)) && !(isDirectory && RepoPaths.Covers(folder, path) && folder != path))
            {
                continue;
            }

            var relative = folder.Length == 0 ? path : path[(folder.Length + 1)..];
            if (relative.Length > 0 && rules.IsIgnored(relative, isDirectory))
            {
                return true;
            }
        }

        return false;
    }
}
