using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsBackup.Source;

/// <summary>
/// The <c>.sourceignore</c> rules (gitignore syntax, as in Flux): <c>#</c> comments, <c>!</c>
/// negation, a leading or inner <c>/</c> anchors to the file's folder, a trailing <c>/</c> matches
/// folders only, <c>*</c>, <c>?</c>, <c>**</c>. A file in a sub-folder scopes its rules to that
/// folder; the last matching rule wins.
/// </summary>
internal sealed class SourceIgnore
{
    public const string FileName = ".sourceignore";

    public static SourceIgnore Empty { get; } = new([]);

    private readonly ImmutableList<Rule> _rules;

    private SourceIgnore(ImmutableList<Rule> rules) => _rules = rules;

    /// <summary>These rules plus those of a .sourceignore found in folder <paramref name="scope"/> ("" or "a/b/").</summary>
    public SourceIgnore With(string scope, string content)
    {
        var rules = _rules;
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimEnd();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var negate = line.StartsWith('!');
            if (negate)
            {
                line = line[1..];
            }

            var dirOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            var anchored = line.Contains('/', StringComparison.Ordinal);
            line = line.TrimStart('/');
            if (line.Length == 0)
            {
                continue;
            }

            var pattern = "^" + Regex.Escape(scope) + (anchored ? string.Empty : "(?:.*/)?") + Glob(line) + "$";
            rules = rules.Add(new Rule(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), negate, dirOnly));
        }

        return new SourceIgnore(rules);
    }

    public bool IsIgnored(string path, bool isDirectory)
    {
        var ignored = false;
        foreach (var rule in _rules)
        {
            if ((!rule.DirectoryOnly || isDirectory) && rule.Pattern.IsMatch(path))
            {
                ignored = !rule.Negate;
            }
        }

        return ignored;
    }

    private static string Glob(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" = any number of folders; a trailing "**" = everything below.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                sb.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return sb.ToString();
    }

    private sealed record Rule(Regex Pattern, bool Negate, bool DirectoryOnly);
}
