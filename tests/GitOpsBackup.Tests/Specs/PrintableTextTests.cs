using GitOpsBackup.Specs;

namespace GitOpsBackup.Tests.Specs;

/// <summary>User-controlled text printed in findings stays on its line and cannot drive the terminal.</summary>
public sealed class PrintableTextTests
{
    [Theory]
    [InlineData("plain text, ünïcode, emoji 🙂", "plain text, ünïcode, emoji 🙂")]
    [InlineData("a\n::error file=x::owned", "a\\n::error file=x::owned")]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("\u001b[31mred\u001b[0m", "\\u001B[31mred\\u001B[0m")]
    [InlineData("bell\u0007 nul\0 del\u007f", "bell\\u0007 nul\\u0000 del\\u007F")]
    [InlineData("c1 csi \u009b31m nel\u0085", "c1 csi \\u009B31m nel\\u0085")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("bidi \u202Eevil\u202C \u2066x\u2069 \u200F", "bidi \\u202Eevil\\u202C \\u2066x\\u2069 \\u200F")]
    [InlineData("", "")]
    public void Escape_MakesControlCharactersVisible(string text, string expected) =>
        Assert.Equal(expected, PrintableText.Escape(text));

    [Fact]
    public void Diagnostic_PrintsOnOneLine_WhateverItsMessageHolds()
    {
        var d = Diagnostic.Error(new SourceLocation("apps/x\n::error::y.yaml", 1, 2), "schema", "unknown field 'k\n::error file=a::b'", "hint\u001b[2J");

        var text = d.ToString();

        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\u001b', text);
        Assert.Equal("apps/x\\n::error::y.yaml:1:2: error: unknown field 'k\\n::error file=a::b' (hint: hint\\u001B[2J)", text);
    }
}
