using System.Globalization;
using System.Numerics;

namespace GitOpsBackup.Specs;

/// <summary>
/// Kubernetes resource quantities (250m, 1.5, 512Mi, 1e3) read by our own bounded parser before anything
/// renders them. KubernetesClient's ResourceQuantity overflows past decimal's range, clamps at 2^63-1
/// without a word, works for minutes on 1e99999 and garbles negatives; so a quantity is accepted only when
/// it is short, its exponent small, and its value between 0 and 2^63-1 in whole nano-units (1n), which
/// it then renders exactly.
/// </summary>
internal static class Quantities
{
    /// <summary>Longer texts are refused before any arithmetic (2^63-1 written out is 19 digits).</summary>
    public const int MaxLength = 40;

    /// <summary>Exponents beyond this are refused before any arithmetic (1e18 is already an exa-unit).</summary>
    public const int MaxExponent = 30;

    private static readonly BigInteger NanosPerUnit = 1_000_000_000;

    /// <summary>The largest value in nano-units: 2^63-1 of the base unit (cores, bytes).</summary>
    public static readonly BigInteger MaxNanos = long.MaxValue * NanosPerUnit;

    private static readonly (string Suffix, int Power10, int Power2)[] Suffixes =
    [
        ("Ki", 0, 10), ("Mi", 0, 20), ("Gi", 0, 30), ("Ti", 0, 40), ("Pi", 0, 50), ("Ei", 0, 60),
        ("n", -9, 0), ("u", -6, 0), ("m", -3, 0), ("k", 3, 0), ("M", 6, 0), ("G", 9, 0), ("T", 12, 0), ("P", 15, 0), ("E", 18, 0),
    ];

    /// <summary>Why <paramref name="text"/> is not a usable quantity, or null when it is.</summary>
    public static string? Error(string text) => TryParse(text, out _, out var error) ? null : error;

    /// <summary>The value in nano-units (1 = 1n), or why the text is not a usable quantity.</summary>
    public static bool TryParse(string text, out BigInteger nanos, out string? error)
    {
        nanos = BigInteger.Zero;
        error = null;
        if (text.Length == 0 || text.Length > MaxLength)
        {
            error = text.Length == 0 ? "is empty" : $"is {text.Length} characters long; a quantity has at most {MaxLength}";
            return false;
        }

        var at = 0;
        var negative = false;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            at = 1;
        }

        var digits = new System.Text.StringBuilder();
        var fractionDigits = 0;
        var seenPoint = false;
        for (; at < text.Length && (char.IsAsciiDigit(text[at]) || (text[at] == '.' && !seenPoint)); at++)
        {
            if (text[at] == '.')
            {
                seenPoint = true;
                continue;
            }

            digits.Append(text[at]);
            fractionDigits += seenPoint ? 1 : 0;
        }

        if (digits.Length == 0)
        {
            error = "is not a number with an optional suffix";
            return false;
        }

        if (!TrySuffix(text[at..], out var power10, out var power2, out error))
        {
            return false;
        }

        if (negative && digits.ToString().Any(c => c != '0'))
        {
            error = "is negative";
            return false;
        }

        // value = digits × 10^(power10 - fractionDigits) × 2^power2; in nano-units, 9 more powers of ten.
        var value = BigInteger.Parse(digits.ToString(), CultureInfo.InvariantCulture) << power2;
        var scale = power10 - fractionDigits + 9;
        if (scale >= 0)
        {
            value *= BigInteger.Pow(10, scale);
        }
        else
        {
            var divisor = BigInteger.Pow(10, -scale);
            if (!(value % divisor).IsZero)
            {
                error = "is more precise than Kubernetes keeps (1n, a billionth)";
                return false;
            }

            value /= divisor;
        }

        if (value > MaxNanos)
        {
            error = "is too large: Kubernetes keeps quantities up to 2^63-1 (about 8Ei)";
            return false;
        }

        nanos = value;
        return true;
    }

    private static bool TrySuffix(string suffix, out int power10, out int power2, out string? error)
    {
        power10 = 0;
        power2 = 0;
        error = null;
        if (suffix.Length == 0)
        {
            return true;
        }

        foreach (var (name, p10, p2) in Suffixes)
        {
            if (suffix == name)
            {
                (power10, power2) = (p10, p2);
                return true;
            }
        }

        if (suffix[0] is 'e' or 'E' && suffix.Length > 1)
        {
            var exponent = suffix[1..];
            var sign = exponent[0] is '+' or '-' ? exponent[0] : '+';
            var magnitude = exponent[0] is '+' or '-' ? exponent[1..] : exponent;
            if (magnitude.Length > 0 && magnitude.All(char.IsAsciiDigit))
            {
                var trimmed = magnitude.TrimStart('0');
                if (trimmed.Length > 2 || (trimmed.Length > 0 && int.Parse(trimmed, CultureInfo.InvariantCulture) > MaxExponent))
                {
                    error = $"has the exponent {sign}{magnitude}; at most ±{MaxExponent} is accepted";
                    return false;
                }

                power10 = (sign == '-' ? -1 : 1) * (trimmed.Length == 0 ? 0 : int.Parse(trimmed, CultureInfo.InvariantCulture));
                return true;
            }
        }

        error = $"has the unknown suffix '{suffix}'";
        return false;
    }
}
