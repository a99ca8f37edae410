using System.Globalization;
using System.Text;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// Mutations of a spec file's text for the fuzz test, each drawn from one seeded <see cref="Random"/>:
/// byte flips, deep nesting, aliases (deepening ones and bombs), huge numbers and quantities, control
/// characters, long strings and keys, and line-level damage. Each returns the mutated bytes and a name.
/// </summary>
internal static class SpecMutator
{
    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", ":", ": ", "- ", "&a ", "*a", "? ", "!!str ", "!!binary ", "\t", "\n", "\"", "'", "#", "---\n", "...\n",
        "%YAML 1.2\n", "<<: *a\n", "|\n", ">-\n", "\\", "~", "null", "yes", "0x1F", ".inf", "-.nan", "0o17", "\0", "\u001b[31m",
        "\u2028", "\uFEFF", "\u202E", "é", "🙂", "${NS}", "::error file=x::y", "../../..", "@sha256:",
    ];

    private static readonly string[] HugeNumbers =
    [
        "1e99999", "1e999999999", "\"1e99999\"", "-1", "\"-1Gi\"", "99999999999999999999999999999999Gi", "\"8Ei\"", "9223372036854775808",
        "9223372036854775807", "1e-99999", "\"0.1n\"", "0e99999", "1.7976931348623157e308", "4.9e-324", "-0", "+.5E-3", "1E+18", "7Ei",
    ];

    private static readonly Func<Random, string, (string Text, string Name)>[] TextMutations =
    [
        InsertToken, DeepFlowNesting, DeepBlockNesting, AliasDeepening, AliasBomb, LongValueAlias, HugeNumber, Resources,
        ControlCharacters, LongString, LongKey, LineDamage, Truncate,
    ];

    /// <summary>One to three mutations of <paramref name="original"/>: byte flips act on the bytes, the others on the text.</summary>
    public static (byte[] Bytes, string Name) Mutate(Random random, byte[] original)
    {
        var names = new List<string>();
        var text = Encoding.UTF8.GetString(original);
        var bytes = original;
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            if (random.Next(6) == 0)
            {
                bytes = FlipBytes(random, Encoding.UTF8.GetBytes(text));
                text = Encoding.UTF8.GetString(bytes);
                names.Add("byte-flip");
                continue;
            }

            var (mutated, name) = TextMutations[random.Next(TextMutations.Length)](random, text);
            text = mutated;
            bytes = Encoding.UTF8.GetBytes(text);
            names.Add(name);
        }

        return (bytes, string.Join("+", names));
    }

    private static byte[] FlipBytes(Random random, byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = random.Next(1, 5); i > 0 && copy.Length > 0; i--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static (string, string) InsertToken(Random random, string text) =>
        (Insert(text, random.Next(text.Length + 1), Tokens[random.Next(Tokens.Length)]), "token");

    private static (string, string) DeepFlowNesting(Random random, string text)
    {
        var levels = random.Next(30, 300);
        return (ReplaceValue(random, text, new string('[', levels) + "1" + new string(']', levels)), "deep-flow");
    }

    private static (string, string) DeepBlockNesting(Random random, string text)
    {
        var block = new StringBuilder("deep:\n");
        var levels = random.Next(30, 120);
        for (var i = 1; i <= levels; i++)
        {
            block.Append(' ', 2 * i).Append(i % 2 == 0 ? "- k:\n" : "k:\n");
        }

        block.Append(' ', (2 * levels) + 2).Append("v: 1\n");
        return (text + "\n" + block, "deep-block");
    }

    private static (string, string) AliasDeepening(Random random, string text)
    {
        var inner = random.Next(1, 64);
        var outer = random.Next(1, 64);
        var alias = $"x: &a {new string('[', inner)}1{new string(']', inner)}\ny: {new string('[', outer)}*a{new string(']', outer)}\n";
        return (text + "\n" + alias, "alias-deepening");
    }

    private static (string, string) AliasBomb(Random random, string text)
    {
        // Mostly past the node limit (refused at once), now and then just under it (read in full).
        var fanOut = random.Next(3, 12);
        var levels = random.Next(4, 12);
        var bomb = new StringBuilder($"a0: &a0 [{string.Join(", ", Enumerable.Repeat("lol", fanOut))}]\n");
        for (var i = 1; i < levels; i++)
        {
            bomb.Append(CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", fanOut))}]\n");
        }

        return (text + "\n" + bomb, "alias-bomb");
    }

    private static (string, string) LongValueAlias(Random random, string text)
    {
        // A few uses (read in full), or hundreds (mostly past the character limit).
        var value = new string('v', random.Next(1, 48) << 10);
        var uses = random.Next(2) == 0 ? random.Next(1, 20) : random.Next(200, 800);
        return (text + $"\nx: &s \"{value}\"\ny: [{string.Join(", ", Enumerable.Repeat("*s", uses))}]\n", "long-value-alias");
    }

    private static (string, string) HugeNumber(Random random, string text)
    {
        var value = random.Next(3) == 0 ? new string('9', random.Next(20, 400)) : HugeNumbers[random.Next(HugeNumbers.Length)];
        return (ReplaceValue(random, text, value), "huge-number");
    }

    private static (string, string) Resources(Random random, string text)
    {
        string Quantity() => random.Next(4) switch
        {
            0 => new string('9', random.Next(1, 400)),
            1 => HugeNumbers[random.Next(HugeNumbers.Length)],
            2 => $"\"{random.Next(1, 9999)}{new[] { "", "m", "Mi", "Gi", "Ei", "k", "n", "u", "e3", "e-12", "e40" }[random.Next(11)]}\"",
            _ => random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture),
        };

        var block = $"  resources:\n    requests:\n      cpu: {Quantity()}\n      memory: {Quantity()}\n    limits:\n      cpu: {Quantity()}\n      memory: {Quantity()}\n";
        var at = text.IndexOf("\nspec:\n", StringComparison.Ordinal);
        return (at < 0 ? text + "\nspec:\n" + block : Insert(text, at + 7, block), "resources");
    }

    private static (string, string) ControlCharacters(Random random, string text)
    {
        string[] payloads = ["\"k\\n::error file=.github/x.yml::owned\"", "\"\\e[2J\\e[31mred\"", "\"a\\rb\"", "\"\\x9b31m\"", "\"\\L\\P\\N\"", "\"\\u202Eevil\"", "\"\\0nul\""];
        var payload = payloads[random.Next(payloads.Length)];
        return random.Next(2) == 0
            ? (ReplaceValue(random, text, payload), "control-value")
            : (text + $"\n{payload}: 1\n", "control-key");
    }

    private static (string, string) LongString(Random random, string text) =>
        (ReplaceValue(random, text, new string((char)('a' + random.Next(26)), random.Next(64, 64_000))), "long-string");

    private static (string, string) LongKey(Random random, string text) =>
        (text + $"\n{{{new string('k', random.Next(1000, 100_000))}: [{string.Join(", ", Enumerable.Repeat("1", random.Next(1, 300)))}]}}\n", "long-key");

    private static (string, string) LineDamage(Random random, string text)
    {
        var lines = text.Split('\n').ToList();
        var i = random.Next(lines.Count);
        var j = random.Next(lines.Count);
        switch (random.Next(4))
        {
            case 0:
                (lines[i], lines[j]) = (lines[j], lines[i]);
                return (string.Join('\n', lines), "swap-lines");
            case 1:
                lines.Insert(i, lines[j]);
                return (string.Join('\n', lines), "duplicate-line");
            case 2:
                lines.RemoveAt(i);
                return (string.Join('\n', lines), "delete-line");
            default:
                lines[i] = new string(' ', random.Next(0, 9)) + lines[i].TrimStart();
                return (string.Join('\n', lines), "reindent-line");
        }
    }

    private static (string, string) Truncate(Random random, string text) => (text[..random.Next(text.Length + 1)], "truncate");

    /// <summary>Replaces the value after "key: " on a random line that has one (else appends a key with it).</summary>
    private static string ReplaceValue(Random random, string text, string value)
    {
        var lines = text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(": ", StringComparison.Ordinal) && !lines[i].TrimStart().StartsWith('#')).ToList();
        if (candidates.Count == 0)
        {
            return text + $"\nvalue: {value}\n";
        }

        var line = candidates[random.Next(candidates.Count)];
        lines[line] = lines[line][..(lines[line].IndexOf(": ", StringComparison.Ordinal) + 2)] + value;
        return string.Join('\n', lines);
    }

    private static string Insert(string text, int at, string what) => text[..at] + what + text[at..];
}
