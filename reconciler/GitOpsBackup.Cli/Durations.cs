using System.CommandLine.Parsing;
using System.Globalization;

namespace GitOpsBackup.Cli;

/// <summary>Durations as Kubernetes and Flux write them: 90s, 5m, 1h30m, 2h; also 00:05:00.</summary>
internal static class Durations
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        result.AddError($"'{text}' is not a duration: use e.g. 30s, 5m, 1h30m");
        return TimeSpan.Zero;
    }

    public static bool TryParse(string text, out TimeSpan span)
    {
        span = TimeSpan.Zero;
        if (TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out span) && text.Contains(':', StringComparison.Ordinal))
        {
            return true;
        }

        var total = TimeSpan.Zero;
        var number = "";
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number += c;
                continue;
            }

            var unit = c switch
            {
                'h' => TimeSpan.TicksPerHour,
                'm' => TimeSpan.TicksPerMinute,
                's' => TimeSpan.TicksPerSecond,
                _ => 0L,
            };
            if (unit == 0 || number.Length == 0 || number.Length > 9)
            {
                return false;
            }

            try
            {
                total = TimeSpan.FromTicks(checked(total.Ticks + (long.Parse(number, CultureInfo.InvariantCulture) * unit)));
            }
            catch (OverflowException)
            {
                // Past TimeSpan.MaxValue: not a duration anyone means, and a parser must not throw.
                return false;
            }

            number = "";
        }

        span = total;
        return number.Length == 0 && text.Length > 0;
    }
}
