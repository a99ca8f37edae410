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

    public static IReadOnlyList<Diagnostic> Validate(SpecKind kind, JsonValueMap document, string file)
    {
        var raw = SpecSchemas.Raw(kind);
        var json = JsonSerializer.SerializeToElement(document.Root);
        // Most documents are valid: a flag-only pass is cheap; the detailed pass runs only on failure.
        if (SpecSchemas.Schema(kind).Evaluate(json, Quick).IsValid)
        {
            return [];
        }

        var results = SpecSchemas.Schema(kind).Evaluate(json, Detailed);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            var evaluationPath = detail.EvaluationPath.ToString();
            foreach (var (keyword, libraryMessage) in detail.Errors)
            {
                var diagnostic = Translate(raw, document, file, pointer, evaluationPath, keyword, libraryMessage);
                if (diagnostic is not null && seen.Add(diagnostic.Location + diagnostic.Message))
                {
                    diagnostics.Add(diagnostic);
                }
            }
        }

        return diagnostics;
    }

    private static Diagnostic? Translate(JsonObject raw, JsonValueMap document, string file, string pointer, string evaluationPath, string keyword, string libraryMessage)
    {
        var field = FieldName(pointer);
        var hint = SchemaNavigator.Description(raw, pointer);
        if (keyword.Length == 0 && evaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal))
        {
            var parent = pointer[..pointer.LastIndexOf('/')];
            var name = Unescape(pointer[(pointer.LastIndexOf('/') + 1)..]);
            var allowed = SchemaNavigator.PropertyNames(raw, parent);
            var suggestion = DidYouMean.Suggest(name, allowed);
            var where = parent.Length == 0 ? "at the top level" : $"in {FieldName(parent)}";
            return Diagnostic.Error(At(file, document.KeyAt(pointer)), "unknown-field", $"unknown field '{name}' {where}",
                suggestion is not null ? $"did you mean '{suggestion}'?" : $"allowed fields: {string.Join(", ", allowed)}");
        }

        if (keyword.Length == 0)
        {
            return null;
        }

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
