using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace GitOpsBackup.Specs.Yaml;

/// <summary>Turns file bytes into text, refusing invalid UTF-8 with the place it starts.</summary>
internal static class YamlText
{
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out YamlReadError? error)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                text = new string(chars, 0, written);
                error = null;
                return true;
            }

            var (line, column) = Position(bytes[..read]);
            text = "";
            error = new YamlReadError(line, column, "encoding", $"invalid UTF-8 (byte 0x{bytes[read]:X2} at offset {read})",
                "save the file as UTF-8");
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Finds a tab in a line's indentation: YAML forbids it, and the parser's own message is cryptic.</summary>
    public static YamlReadError? FindIndentationTab(string text)
    {
        var line = 1;
        var atLineStart = true;
        var column = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                column = 1;
                atLineStart = true;
                continue;
            }

            if (atLineStart && c == '\t')
            {
                return new YamlReadError(line, column, "yaml", "tab character in indentation",
                    "YAML indents with spaces only; replace the tab with spaces");
            }

            if (c != ' ')
            {
                atLineStart = false;
            }

            column++;
        }

        return null;
    }

    private static (int Line, int Column) Position(ReadOnlySpan<byte> before)
    {
        var line = 1 + before.Count((byte)'\n');
        var lastNewline = before.LastIndexOf((byte)'\n');
        var column = before.Length - lastNewline;
        return (line, column);
    }

    public static bool Contains(ReadOnlySpan<byte> bytes, string marker) => bytes.IndexOf(Encoding.ASCII.GetBytes(marker)) >= 0;
}
