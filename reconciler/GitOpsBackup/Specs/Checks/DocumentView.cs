using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsBackup.Specs.Yaml;

namespace GitOpsBackup.Specs.Checks;

/// <summary>
/// Read access to one converted document by JSON pointer, plus a list to collect findings placed at
/// the value's line:col. Readers return null for a missing value or one of the wrong type (the
/// schema already reported that), so semantic checks never double-report.
/// </summary>
internal sealed class DocumentView(string file, JsonValueMap map)
{
    public string File { get; } = file;

    public JsonValueMap Map { get; } = map;

    public List<Diagnostic> Diagnostics { get; } = [];

    public bool HasErrors => Diagnostics.Exists(d => d.Severity == Severity.Error);

    public JsonNode? Node(string pointer)
    {
        JsonNode? current = Map.Root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        }

        return current;
    }

    /// <summary>Whether an error was already reported at this value's place (by the schema, say).</summary>
    public bool HasErrorAt(string pointer)
    {
        var at = At(pointer);
        return Diagnostics.Exists(d => d.Severity == Severity.Error && d.Location == at);
    }

    public bool Has(string pointer) => Map.Values.ContainsKey(pointer);

    public string? String(string pointer) => Node(pointer) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>A quantity may be written as a number (cpu: 1); we keep its text.</summary>
    public string? StringOrNumber(string pointer) => Node(pointer) is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;

    public bool? Bool(string pointer) => Node(pointer) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public long? Long(string pointer) => Node(pointer) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l : null;

    public int Count(string pointer) => Node(pointer) is JsonArray a ? a.Count : 0;

    public SourceLocation At(string pointer)
    {
        var (line, column) = Map.ValueAt(pointer);
        return new SourceLocation(File, line, column);
    }

    public SourceLocation KeyAt(string pointer)
    {
        var (line, column) = Map.KeyAt(pointer);
        return new SourceLocation(File, line, column);
    }

    public void Error(string pointer, string code, string message, string? hint = null) =>
        Diagnostics.Add(Diagnostic.Error(At(pointer), code, message, hint));

    public void Warning(string pointer, string code, string message, string? hint = null) =>
        Diagnostics.Add(Diagnostic.Warning(At(pointer), code, message, hint));
}
