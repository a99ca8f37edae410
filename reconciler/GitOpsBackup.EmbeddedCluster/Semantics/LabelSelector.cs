using System.Text.Json.Nodes;

namespace GitOpsBackup.EmbeddedCluster.Semantics;

/// <summary>
/// A parsed label selector in the API's string syntax:
/// <c>a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a</c>, requirements joined by commas (AND).
/// </summary>
internal sealed class LabelSelector
{
    private readonly IReadOnlyList<Requirement> requirements;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => requirements.Count == 0;

    /// <summary>Parses a selector; throws <see cref="FormatException"/> with the API's wording.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new LabelSelector([.. SplitTopLevel(text).Select(ParseRequirement)]);
    }

    public bool Matches(JsonObject? labels)
    {
        foreach (var r in requirements)
        {
            string? value = null;
            var has = labels is not null && labels.TryGetPropertyValue(r.Key, out var node) && (value = node?.ToString()) is not null;
            var ok = r.Op switch
            {
                Operator.Exists => has,
                Operator.DoesNotExist => !has,
                Operator.Equals => has && r.Values.Contains(value!),
                Operator.In => has && r.Values.Contains(value!),
                Operator.NotEquals => !has || !r.Values.Contains(value!),
                Operator.NotIn => !has || !r.Values.Contains(value!),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return [.. parts.Select(p => p.Trim())];
    }

    private static Requirement ParseRequirement(string text)
    {
        if (text.Length == 0)
        {
            throw new FormatException("unable to parse requirement: found '', expected: identifier");
        }

        if (text.StartsWith('!'))
        {
            return new Requirement(CheckKey(text[1..].Trim(), text), Operator.DoesNotExist, new(StringComparer.Ordinal));
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotEquals), ("==", Operator.Equals), ("=", Operator.Equals) })
        {
            var at = text.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = CheckKey(text[..at].Trim(), text);
                var value = text[(at + token.Length)..].Trim();
                if (value.IndexOfAny(['=', '!', '(', ')', ' ']) >= 0)
                {
                    throw new FormatException($"unable to parse requirement: invalid label value: \"{value}\"");
                }

                return new Requirement(key, op, new(StringComparer.Ordinal) { value });
            }
        }

        var words = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new Requirement(CheckKey(words[0], text), Operator.Exists, new(StringComparer.Ordinal));
        }

        var rest = words[1];
        var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? Operator.NotIn
            : rest.StartsWith("in", StringComparison.Ordinal) ? Operator.In
            : throw new FormatException($"unable to parse requirement: found '{rest}', expected: in, notin, =, ==, !=");
        var list = rest[(setOp == Operator.NotIn ? 5 : 2)..].Trim();
        if (!list.StartsWith('(') || !list.EndsWith(')'))
        {
            throw new FormatException($"unable to parse requirement: found '{list}', expected: '('");
        }

        var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new Requirement(CheckKey(words[0], text), setOp, values);
    }

    private static string CheckKey(string key, string requirement) =>
        key.Length == 0 || key.IndexOfAny([' ', '(', ')', '=', '!', ',']) >= 0
            ? throw new FormatException($"unable to parse requirement: invalid label key in \"{requirement}\"")
            : key;

    private enum Operator
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
    }

    private sealed record Requirement(string Key, Operator Op, HashSet<string> Values);
}
