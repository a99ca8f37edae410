using NuGet.Versioning;

namespace GitOpsBackup.Source;

/// <summary>
/// Flux semantics: the highest tag whose version (with or without a leading "v") satisfies the range.
/// Ranges are NuGet interval notation (<c>[1.0,2.0)</c>) or npm/Masterminds-style comparators:
/// <c>&gt;=1.0.0 &lt;2.0.0</c>, <c>^1.2</c>, <c>~1.2.3</c>, <c>1.x</c>, <c>1.2.3</c>. Pre-releases
/// count only when the range itself names one.
/// </summary>
public static class SemverTagSelector
{
    /// <summary>The chosen tag name, or null when none matches.</summary>
    public static string? Select(IEnumerable<string> tagNames, string range)
    {
        var accepts = Parse(range);
        var allowPre = range.Contains('-', StringComparison.Ordinal);
        string? best = null;
        NuGetVersion? bestVersion = null;
        foreach (var tag in tagNames)
        {
            var text = tag.StartsWith('v') || tag.StartsWith('V') ? tag[1..] : tag;
            if (!NuGetVersion.TryParse(text, out var version) || (version.IsPrerelease && !allowPre) || !accepts(version))
            {
                continue;
            }

            if (bestVersion is null || version > bestVersion)
            {
                (best, bestVersion) = (tag, version);
            }
        }

        return best;
    }

    /// <summary>True when <paramref name="range"/> can be parsed.</summary>
    public static bool IsValidRange(string range)
    {
        try
        {
            _ = Parse(range);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Func<NuGetVersion, bool> Parse(string range)
    {
        var trimmed = range.Trim();
        if (trimmed.StartsWith('[') || trimmed.StartsWith('('))
        {
            var interval = VersionRange.TryParse(trimmed, out var r) ? r : throw new FormatException($"invalid version range '{range}'");
            return interval.Satisfies;
        }

        var parts = trimmed.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException("empty version range");
        }

        var checks = parts.Select(Comparator).ToList();
        return v => checks.TrueForAll(c => c(v));
    }

    private static Func<NuGetVersion, bool> Comparator(string part)
    {
        foreach (var op in new[] { ">=", "<=", ">", "<", "=", "^", "~" })
        {
            if (part.StartsWith(op, StringComparison.Ordinal))
            {
                var (lower, upper) = Bounds(part[op.Length..].TrimStart('v', 'V'));
                return op switch
                {
                    ">=" => v => v >= lower,
                    "<=" => v => upper is null ? v <= lower : v < upper,
                    ">" => v => upper is null ? v > lower : v >= upper,
                    "<" => v => v < lower,
                    "=" => v => v >= lower && (upper is null ? v <= lower : v < upper),
                    "^" => v => v >= lower && v < Caret(lower),
                    _ => v => v >= lower && v < new NuGetVersion(lower.Major, lower.Minor + 1, 0),
                };
            }
        }

        var (low, high) = Bounds(part.TrimStart('v', 'V'));
        return v => v >= low && (high is null ? v == low : v < high);
    }

    // "1.x" / "1" / "1.2" name a span [lower, upper); "1.2.3" names one version (upper null).
    private static (NuGetVersion Lower, NuGetVersion? Upper) Bounds(string text)
    {
        var fields = text.Split('.');
        var numbers = fields.TakeWhile(f => f is not ("x" or "X" or "*")).ToArray();
        if (numbers.Length == 3 || (numbers.Length == fields.Length && numbers.Length >= 3))
        {
            return NuGetVersion.TryParse(text, out var exact) ? (exact, null) : throw new FormatException($"invalid version '{text}'");
        }

        var n = numbers.Select(f => int.TryParse(f, out var i) ? i : throw new FormatException($"invalid version '{text}'")).ToArray();
        return n.Length switch
        {
            0 => (new NuGetVersion(0, 0, 0), new NuGetVersion(int.MaxValue, 0, 0)),
            1 => (new NuGetVersion(n[0], 0, 0), new NuGetVersion(n[0] + 1, 0, 0)),
            _ => (new NuGetVersion(n[0], n[1], 0), new NuGetVersion(n[0], n[1] + 1, 0)),
        };
    }

    private static NuGetVersion Caret(NuGetVersion v) =>
        v.Major > 0 ? new NuGetVersion(v.Major + 1, 0, 0)
        : v.Minor > 0 ? new NuGetVersion(0, v.Minor + 1, 0)
        : new NuGetVersion(0, 0, v.Patch + 1);
}
