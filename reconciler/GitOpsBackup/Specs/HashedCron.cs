using System.Globalization;
using System.Text.RegularExpressions;
using NCrontab;

namespace GitOpsBackup.Specs;

/// <summary>
/// The team's schedule syntax: 5-field cron, the macros Kubernetes knows (@daily …), and the hashed
/// form where a field is <c>H</c> (one value of the field's full range) or <c>H(a-b)</c> (one value in
/// a..b inclusive). The renderer picks the values with a stable hash through <see cref="Expand"/>;
/// validation substitutes the lowest value and asks NCrontab.
/// </summary>
public static partial class HashedCron
{
    private static readonly (string Name, int Min, int Max)[] Fields =
    [
        ("minute", 0, 59),
        ("hour", 0, 23),
        ("day of month", 1, 31),
        ("month", 1, 12),
        ("day of week", 0, 6),
    ];

    private static readonly Dictionary<string, string> Macros = new(StringComparer.Ordinal)
    {
        ["@hourly"] = "0 * * * *",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@weekly"] = "0 0 * * 0",
        ["@monthly"] = "0 0 1 * *",
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
    };

    /// <summary>Whether the expression is valid; <paramref name="error"/> says why not.</summary>
    public static bool IsValid(string expression, out string? error)
    {
        error = null;
        var trimmed = expression.Trim();
        if (Macros.ContainsKey(trimmed))
        {
            return true;
        }

        if (trimmed.StartsWith('@'))
        {
            error = $"unknown macro '{trimmed}' (known: {string.Join(", ", Macros.Keys)})";
            return false;
        }

        string concrete;
        try
        {
            concrete = Expand(trimmed, (_, min, _) => min);
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }

        error = CrontabSchedule.TryParse(concrete, new CrontabSchedule.ParseOptions { IncludingSeconds = false }, _ => (string?)null, e => e().Message);
        return error is null;
    }

    /// <summary>
    /// Replaces each H / H(a-b) field by <paramref name="pick"/>(fieldIndex, min, max); macros and
    /// plain cron pass through unchanged. Throws FormatException for a malformed H field.
    /// </summary>
    public static string Expand(string expression, Func<int, int, int, int> pick)
    {
        var trimmed = expression.Trim();
        if (trimmed.StartsWith('@'))
        {
            return trimmed;
        }

        var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
        {
            throw new FormatException($"expected 5 fields (minute hour day-of-month month day-of-week), found {parts.Length}");
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var (name, min, max) = Fields[i];
            var part = parts[i];
            if (!part.Contains('H', StringComparison.Ordinal))
            {
                continue;
            }

            if (part == "H")
            {
                parts[i] = pick(i, min, max).ToString(CultureInfo.InvariantCulture);
                continue;
            }

            var match = HashedRange().Match(part);
            if (!match.Success)
            {
                throw new FormatException($"{name} field '{part}': H stands alone in a field, as H or H(a-b)");
            }

            var from = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var to = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            if (from > to || from < min || to > max)
            {
                throw new FormatException($"{name} field '{part}': the range must lie within {min}-{max} and go from low to high");
            }

            parts[i] = pick(i, from, to).ToString(CultureInfo.InvariantCulture);
        }

        return string.Join(' ', parts);
    }

    [GeneratedRegex(@"^H\((\d{1,2})-(\d{1,2})\)$")]
    private static partial Regex HashedRange();
}
