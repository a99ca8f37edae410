using System.Globalization;
using System.Text.RegularExpressions;

namespace GitOpsBackup.Rendering;

/// <summary>
/// Expands the hashed cron form (Jenkins-style <c>H</c>) into a concrete schedule that is stable
/// for an app, so apps sharing "H 2 * * *" spread over the hour instead of starting together.
/// In a field: <c>H</c> = a value in the field's range, <c>H(a-b)</c> = a value in a..b,
/// <c>H/n</c> and <c>H(a-b)/n</c> = every n from a hashed start. The value is chosen by the
/// SHA-256 of "&lt;namespace&gt;/&lt;name&gt;/&lt;field index&gt;". Macros (@daily) and plain
/// fields pass through unchanged.
/// </summary>
internal static partial class HashedSchedule
{
    // Day of month stops at 28 so a hashed day exists in every month.
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 23), (1, 28), (1, 12), (0, 6)];

    [GeneratedRegex(@"^H(?:\((\d+)-(\d+)\))?(?:/(\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex HashedItem();

    /// <summary>The concrete schedule, or an error message when a hashed item is malformed.</summary>
    public static (string? Schedule, string? Error) Expand(string schedule, string ns, string name)
    {
        var trimmed = schedule.Trim();
        if (trimmed.StartsWith('@') || !trimmed.Contains('H', StringComparison.Ordinal))
        {
            return (trimmed, null);
        }

        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return (null, $"schedule \"{schedule}\" must have 5 fields (minute hour day-of-month month day-of-week)");
        }

        for (var field = 0; field < fields.Length; field++)
        {
            var items = fields[field].Split(',');
            for (var item = 0; item < items.Length; item++)
            {
                if (!items[item].StartsWith('H'))
                {
                    continue;
                }

                var seed = item == 0 ? $"{ns}/{name}/{field}" : $"{ns}/{name}/{field}/{item}";
                var (value, error) = ExpandItem(items[item], Ranges[field], seed);
                if (error is not null)
                {
                    return (null, $"schedule \"{schedule}\": {error}");
                }

                items[item] = value!;
            }

            fields[field] = string.Join(',', items);
        }

        return (string.Join(' ', fields), null);
    }

    private static (string? Value, string? Error) ExpandItem(string item, (int Min, int Max) range, string seed)
    {
        var match = HashedItem().Match(item);
        if (!match.Success)
        {
            return (null, $"\"{item}\" is not H, H(a-b), H/n or H(a-b)/n");
        }

        var (min, max) = range;
        if (match.Groups[1].Success)
        {
            var parsed = int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var low)
                & int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out var high);
            if (!parsed || low > high || low < range.Min || high > (range.Max == 28 ? 31 : range.Max))
            {
                return (null, $"\"{item}\" must name a range a-b with {range.Min} <= a <= b <= {(range.Max == 28 ? 31 : range.Max)}");
            }

            (min, max) = (low, high);
        }

        if (!match.Groups[3].Success)
        {
            var value = min + Hashing.Pick(seed, max - min + 1);
            return (value.ToString(CultureInfo.InvariantCulture), null);
        }

        if (!int.TryParse(match.Groups[3].Value, CultureInfo.InvariantCulture, out var step) || step < 1 || step > max - min + 1)
        {
            return (null, $"\"{item}\" needs a step between 1 and {max - min + 1}");
        }

        var start = min + Hashing.Pick(seed, step);
        return ($"{start.ToString(CultureInfo.InvariantCulture)}-{max.ToString(CultureInfo.InvariantCulture)}/{step.ToString(CultureInfo.InvariantCulture)}", null);
    }
}
