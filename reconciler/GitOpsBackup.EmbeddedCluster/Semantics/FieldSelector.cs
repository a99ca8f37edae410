using System.Text.Json.Nodes;

namespace GitOpsBackup.EmbeddedCluster.Semantics;

/// <summary>
/// A field selector (<c>metadata.name=x,involvedObject.kind!=Pod</c>). Real servers accept a few
/// fields per kind; this one accepts any dotted path, which covers what kubectl and we send.
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string[] Path, bool Equal, string Value)> terms;

    private FieldSelector(IReadOnlyList<(string[] Path, bool Equal, string Value)> terms) => this.terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string[], bool, string)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (at, length, equal) = raw.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : raw.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : raw.IndexOf('=', StringComparison.Ordinal) is var e and > 0 ? (e, 1, true)
                : throw new FormatException($"invalid selector: '{raw}'; can't understand '{raw}'");
            terms.Add((raw[..at].Trim().Split('.'), equal, raw[(at + length)..].Trim()));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (path, equal, value) in terms)
        {
            JsonNode? current = obj;
            foreach (var segment in path)
            {
                current = current is JsonObject o ? o[segment] : null;
            }

            var actual = current switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                _ => current.ToJsonString(),
            };
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}
