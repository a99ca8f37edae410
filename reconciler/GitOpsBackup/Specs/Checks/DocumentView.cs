using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsBackup.Specs.Schema;
using GitOpsBackup.Specs.Yaml;

namespace GitOpsBackup.Specs.Checks;

/// <summary>
/// Read access to one converted document by JSON pointer, plus a list to collect findings placed at
/// the value's line:col. Readers return null for a missing value or one of the wrong type (the
/// schema already reported that), so semantic checks never double-report.
/// A view made by <see cref="WithSchemaDefaults"/> reads the document as the schema defaults it (the
/// way the API server defaults a CRD): a value left out is the schema's default there, when its
/// parent object is present or defaulted itself; the model is built from such a view.
/// </summary>
internal sealed class DocumentView(string file, JsonValueMap map, SpecKind? defaultsOf = null)
{
    public string File { get; } = file;

    public JsonValueMap Map { get; } = map;

    public List<Diagnostic> Diagnostics { get; } = [];

    public bool HasErrors => Diagnostics.Exists(d => d.Severity == Severity.Error);

    /// <summary>
    /// When set, collects the pointers whose value the string, number and bool readers were asked for (not
    /// presence or counts): the drift test's record of which fields the hand-written checks look at.
    /// </summary>
    public HashSet<string>? ValueReads { get; init; }

    /// <summary>This document read through its kind's schema defaults (see the class comment).</summary>
    public DocumentView WithSchemaDefaults(SpecKind kind) => new(File, Map, kind);

    /// <summary>The value at <paramref name="pointer"/>, through the schema defaults on a view that has them.</summary>
    public JsonNode? Node(string pointer) => defaultsOf is { } kind ? Defaulted(kind, pointer) : Written(pointer);

    /// <summary>
    /// The value, written or the schema's default, that <typeparamref name="T"/> (string, bool, int or
    /// long) always has here; a field that has neither is a mistake in the schema or the builder.
    /// </summary>
    public T Value<T>(string pointer)
    {
        // Each branch boxed on its own: a shared conditional type would turn an int into a long.
        object? value = typeof(T) == typeof(string) ? String(pointer)
            : typeof(T) == typeof(bool) ? (object?)Bool(pointer)
            : typeof(T) == typeof(long) ? (object?)Long(pointer)
            : typeof(T) == typeof(int) ? (object?)(int?)Long(pointer)
            : throw new NotSupportedException($"DocumentView.Value<{typeof(T).Name}>");
        return value is T typed ? typed : throw new InvalidOperationException($"{File}: {pointer} has no value and its schema no default");
    }

    /// <summary>A list of strings, or null when absent (and not defaulted).</summary>
    public IReadOnlyList<string>? Strings(string pointer) => Read(pointer) is JsonArray a
        ? [.. a.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null).OfType<string>()]
        : null;

    private JsonNode? Read(string pointer)
    {
        ValueReads?.Add(pointer);
        return Node(pointer);
    }

    private JsonNode? Defaulted(SpecKind kind, string pointer)
    {
        var written = Written(pointer);
        if (written is not null || pointer.Length == 0)
        {
            return written;
        }

        var slash = pointer.LastIndexOf('/');
        return Defaulted(kind, pointer[..slash]) is JsonObject parent
            ? parent[pointer[(slash + 1)..]] ?? SchemaNavigator.Default(SpecSchemas.Raw(kind), pointer)
            : null;
    }

    private JsonNode? Written(string pointer)
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

    public bool Has(string pointer) => defaultsOf is null ? Map.Values.ContainsKey(pointer) : Node(pointer) is not null;

    public string? String(string pointer) => Read(pointer) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>A quantity may be written as a number (cpu: 1); we keep its text.</summary>
    public string? StringOrNumber(string pointer) => Read(pointer) is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;

    public bool? Bool(string pointer) => Read(pointer) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public long? Long(string pointer) => Read(pointer) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l : null;

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
