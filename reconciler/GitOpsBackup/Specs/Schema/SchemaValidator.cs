using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsBackup.Specs.Yaml;
using Json.Schema;

namespace GitOpsBackup.Specs.Schema;

/// <summary>
/// Validates one document against its kind's JSON Schema and turns every failure into a
/// diagnostic at the line:col where the value (or the unknown key) was written, with a hint.
/// </summary>
internal static class SchemaValidator
{
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List };

    /// <summary>
    /// Schema findings listed one by one per document, in the file's order; past this, one finding counts the rest.
    /// A file of 20,000 unknown keys (a paste gone wrong, or hostile) then costs a few MiB instead of hundreds of
    /// MiB and seconds of messages and "did you mean" searches, and reads better.
    /// </summary>
    public const int MaxFindingsPerDocument = 50;

    public static IReadOnlyList<Diagnostic> Validate(SpecKind kind, JsonValueMap document, string file)
    {
        var raw = SpecSchemas.Raw(kind);
        // Unknown keys are found here and left out of what the library sees: it spends a localized message and a
        // property lookup (linear in the mapping's size) on each, quadratic for a mapping of thousands of keys.
        var unknownKeys = new List<string>();
        var json = WithoutUnknownKeys(raw, document.Root, unknownKeys);
        // Most documents are valid: a flag-only pass is cheap; the detailed pass runs only on failure.
        var valid = SpecSchemas.Schema(kind).Evaluate(json, Quick).IsValid;
        if (valid && unknownKeys.Count == 0)
        {
            return [];
        }

        // The failures, deduplicated and in the file's order; only the first ones are turned into findings.
        var failures = unknownKeys.ConvertAll(pointer => new Failure(pointer, "", "", UnknownField: true, document.KeyAt(pointer)));
        var distinct = new HashSet<(string, string, string)>();
        var results = valid ? null : SpecSchemas.Schema(kind).Evaluate(json, Detailed);
        foreach (var detail in results?.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            var unknownField = detail.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal);
            foreach (var (keyword, libraryMessage) in detail.Errors)
            {
                var isUnknown = keyword.Length == 0 && unknownField;
                if ((keyword.Length > 0 || isUnknown) && distinct.Add((pointer, keyword, libraryMessage)))
                {
                    failures.Add(new(pointer, keyword, libraryMessage, isUnknown, isUnknown ? document.KeyAt(pointer) : document.ValueAt(pointer)));
                }
            }
        }

        failures = [.. failures.OrderBy(f => f.At)]; // stable: ties keep the library's order
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        var allowed = new Dictionary<string, (IReadOnlyList<string> Names, string Text)>(StringComparer.Ordinal);
        foreach (var failure in failures.Take(MaxFindingsPerDocument))
        {
            var diagnostic = failure.UnknownField
                ? UnknownField(raw, file, failure, allowed)
                : Translate(raw, document, file, failure.Pointer, failure.Keyword, failure.LibraryMessage);
            if (seen.Add(diagnostic.Location + diagnostic.Message))
            {
                diagnostics.Add(diagnostic);
            }
        }

        if (failures.Count > MaxFindingsPerDocument)
        {
            diagnostics.Add(Rest(file, failures));
        }

        return diagnostics;
    }

    /// <summary>The document as the library reads it, less the keys its schema does not allow (their pointers go to <paramref name="unknown"/>).</summary>
    private static JsonElement WithoutUnknownKeys(JsonObject raw, JsonNode? root, List<string> unknown)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Write(writer, raw, root, "", unknown);
        }

        using var parsed = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 1024 });
        return parsed.RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter writer, JsonObject raw, JsonNode? node, string pointer, List<string> unknown)
    {
        switch (node)
        {
            case JsonObject mapping:
                var schema = SchemaNavigator.At(raw, pointer);
                var closed = schema?["additionalProperties"] is JsonValue additional && additional.GetValueKind() == JsonValueKind.False;
                var known = schema?["properties"] as JsonObject;
                writer.WriteStartObject();
                foreach (var (key, value) in mapping)
                {
                    var child = pointer + "/" + JsonPointerText.Escape(key);
                    if (closed && known?.ContainsKey(key) != true)
                    {
                        unknown.Add(child);
                        continue;
                    }

                    writer.WritePropertyName(key);
                    Write(writer, raw, value, child, unknown);
                }

                writer.WriteEndObject();
                break;
            case JsonArray list:
                writer.WriteStartArray();
                for (var i = 0; i < list.Count; i++)
                {
                    Write(writer, raw, list[i], pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), unknown);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private sealed record Failure(string Pointer, string Keyword, string LibraryMessage, bool UnknownField, (int Line, int Column) At);

    private static Diagnostic UnknownField(JsonObject raw, string file, Failure failure, Dictionary<string, (IReadOnlyList<string> Names, string Text)> allowedByParent)
    {
        var (parent, name) = Split(failure.Pointer);
        if (!allowedByParent.TryGetValue(parent, out var allowed))
        {
            var names = SchemaNavigator.PropertyNames(raw, parent);
            allowedByParent[parent] = allowed = (names, string.Join(", ", names));
        }

        var suggestion = DidYouMean.Suggest(name, allowed.Names);
        return Diagnostic.Error(At(file, failure.At), "unknown-field", $"unknown field '{name}' {Where(parent)}",
            suggestion is not null ? $"did you mean '{suggestion}'?" : $"allowed fields: {allowed.Text}");
    }

    /// <summary>One finding for the failures not listed, at the first of them.</summary>
    private static Diagnostic Rest(string file, List<Failure> failures)
    {
        var rest = failures.Skip(MaxFindingsPerDocument).ToList();
        var unknown = rest.Count(f => f.UnknownField);
        var counts = string.Join(" and ", new[]
        {
            unknown > 0 ? $"{unknown} more unknown field{(unknown == 1 ? "" : "s")}" : null,
            rest.Count > unknown ? $"{rest.Count - unknown} more schema error{(rest.Count - unknown == 1 ? "" : "s")}" : null,
        }.OfType<string>());
        var (parent, name) = Split(rest[0].Pointer);
        var first = rest[0].UnknownField ? $"'{name}' {Where(parent)}" : FieldName(rest[0].Pointer);
        return Diagnostic.Error(At(file, rest[0].At), rest.All(f => f.UnknownField) ? "unknown-field" : "schema",
            $"{counts} from here on, the first {first} (only the first {MaxFindingsPerDocument} are listed one by one)",
            "fix the ones listed, then validate again; the fields each kind allows are in spec-schema/README.md");
    }

    private static (string Parent, string Name) Split(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        return slash < 0 ? ("", pointer) : (pointer[..slash], Unescape(pointer[(slash + 1)..]));
    }

    private static string Where(string parent) => parent.Length == 0 ? "at the top level" : $"in {FieldName(parent)}";

    private static Diagnostic Translate(JsonObject raw, JsonValueMap document, string file, string pointer, string keyword, string libraryMessage)
    {
        var field = FieldName(pointer);
        var hint = SchemaNavigator.Description(raw, pointer);

        // A string rule the schema words itself: its code, what the value must be, and the fix.
        if (keyword is "pattern" or "minLength" or "maxLength" && SchemaRules.At(raw, pointer) is { } rule
            && document.Root is not null && Navigate(document.Root, pointer) is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            return Diagnostic.Error(At(file, document.ValueAt(pointer)), rule.Code,
                $"{field} {SchemaRules.Sentence(SchemaNavigator.At(raw, pointer) ?? new JsonObject(), rule.Message, text.GetValue<string>())}", rule.Fix);
        }

        switch (keyword)
        {
            case "required":
                var missing = MissingNames(libraryMessage);
                var inWhat = pointer.Length == 0 ? "the document" : field;
                return Diagnostic.Error(At(file, document.ValueAt(pointer)), "schema",
                    $"missing required field{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} in {inWhat}",
                    string.Join(" ", missing.Select(m => SchemaNavigator.Description(raw, pointer + "/" + m)).Where(d => d is not null)));
            case "type":
                var actual = document.Root is null ? null : Navigate(document.Root, pointer);
                var expected = SchemaNavigator.At(raw, pointer)?["type"] is JsonNode t ? TypeText(t) : "another type";
                expected = (expected[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an " : "a ") + expected;
                if (document.Yaml11Booleans.Contains(pointer))
                {
                    return Diagnostic.Error(At(file, document.ValueAt(pointer)), "yaml11-boolean",
                        $"{field} must be {expected}, but the bare value is read as a boolean by YAML 1.1 tools (kubectl, Flux)",
                        "quote it, e.g. \"on\" or \"no\"");
                }

                // A field without a description (e.g. a map's values) still gets a fix.
                return Diagnostic.Error(At(file, document.ValueAt(pointer)), "schema", $"{field} must be {expected}, not {KindOf(actual)}", hint ?? $"write {expected} there");
            case "const":
                var wanted = SchemaNavigator.At(raw, pointer)?["const"]?.ToJsonString();
                return Diagnostic.Error(At(file, document.ValueAt(pointer)), "schema", $"{field} must be {wanted}", hint);
            case "enum":
                var values = SchemaNavigator.At(raw, pointer)?["enum"] is JsonArray e ? string.Join(", ", e.Select(v => v?.ToString())) : "";
                return Diagnostic.Error(At(file, document.ValueAt(pointer)), "schema", $"{field} must be one of: {values}", hint);
            case "pattern":
                var value = document.Root is null ? null : Navigate(document.Root, pointer);
                return Diagnostic.Error(At(file, document.ValueAt(pointer)), "schema", $"{field} has an invalid value {value?.ToJsonString()}", hint);
            default:
                return Diagnostic.Error(At(file, document.ValueAt(pointer)), "schema", $"{field}: {libraryMessage}", hint);
        }
    }

    private static SourceLocation At(string file, (int Line, int Column) at) => new(file, at.Line, at.Column);

    /// <summary>/spec/volumes/0/name → spec.volumes[0].name, the way users read it.</summary>
    public static string FieldName(string pointer)
    {
        var text = new System.Text.StringBuilder();
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(segment, out _))
            {
                text.Append('[').Append(segment).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(Unescape(segment));
            }
        }

        return text.Length == 0 ? "the document" : text.ToString();
    }

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static List<string> MissingNames(string message)
    {
        // JsonSchema.Net: Required properties ["a","b"] are not present
        var start = message.IndexOf('[', StringComparison.Ordinal);
        var end = message.LastIndexOf(']');
        if (start < 0 || end <= start)
        {
            return [message];
        }

        return JsonSerializer.Deserialize<List<string>>(message[start..(end + 1)]) ?? [];
    }

    private static JsonNode? Navigate(JsonNode root, string pointer)
    {
        JsonNode? current = root;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Unescape(raw);
            current = current switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }

        return current;
    }

    private static string TypeText(JsonNode type) => type is JsonArray a ? string.Join(" or ", a.Select(x => x?.ToString())) : type.ToString() switch
    {
        "object" => "mapping",
        "array" => "list",
        var other => other,
    };

    private static string KindOf(JsonNode? node) => node switch
    {
        null => "null (empty)",
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"the text {v.ToJsonString()}",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => $"the boolean {v.ToJsonString()}",
        _ => $"the number {node.ToJsonString()}",
    };
}
