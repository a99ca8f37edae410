using System.Text.Json.Nodes;

namespace GitOpsBackup.Specs.Yaml;

/// <summary>A document as JSON plus where each JSON pointer's value and key were written (1-based line, column).</summary>
internal sealed record JsonValueMap
{
    public JsonNode? Root { get; init; }

    public Dictionary<string, (int Line, int Column)> Values { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (int Line, int Column)> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Pointers of bare yes/no/on/off/y/n values, read as booleans.</summary>
    public HashSet<string> Yaml11Booleans { get; } = new(StringComparer.Ordinal);

    /// <summary>The value's place, or the nearest enclosing value's place.</summary>
    public (int Line, int Column) ValueAt(string pointer)
    {
        while (true)
        {
            if (Values.TryGetValue(pointer, out var at))
            {
                return at;
            }

            if (pointer.Length == 0)
            {
                return (1, 1);
            }

            pointer = pointer[..pointer.LastIndexOf('/')];
        }
    }

    /// <summary>The key's place (for unknown or misplaced fields), else the value's.</summary>
    public (int Line, int Column) KeyAt(string pointer) => Keys.TryGetValue(pointer, out var at) ? at : ValueAt(pointer);
}
