using System.Globalization;
using System.Text;

namespace GitOpsBackup.Specs;

/// <summary>
/// Makes user-controlled text (keys, values, file names in findings) safe to print on one line: control
/// characters (newline, carriage return, ESC, the C1 range), line and paragraph separators and bidi
/// overrides become visible escapes (\n, \r, \t, \u001B), so a quoted YAML key cannot start a new line in
/// a CI log (where <c>::error …</c> at a line start is a GitHub workflow command) or drive the terminal.
/// </summary>
public static class PrintableText
{
    // Every character NeedsEscape accepts: C0, DEL and C1, separators, bidi marks and overrides.
    private static readonly System.Buffers.SearchValues<char> Unsafe = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x2070).Select(i => (char)i).Where(NeedsEscape).ToArray());

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            switch (c)
            {
                case '\n':
                    result.Append("\\n");
                    break;
                case '\r':
                    result.Append("\\r");
                    break;
                case '\t':
                    result.Append("\\t");
                    break;
                default:
                    if (NeedsEscape(c))
                    {
                        result.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        result.Append(c);
                    }

                    break;
            }
        }

        return result.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
