using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsBackup.Specs.Schema;

/// <summary>
/// Writes the field tables of spec-schema/README.md FROM the JSON Schemas (field, type, default,
/// description), between the markers <c>&lt;!-- fields:&lt;kind&gt;:begin --&gt;</c> and
/// <c>&lt;!-- fields:&lt;kind&gt;:end --&gt;</c>, so the reference cannot drift from what is validated.
/// </summary>
internal static class SchemaReadme
{
    public static string Begin(SpecKind kind) => $"<!-- fields:{kind.ToString().ToLowerInvariant()}:begin -->";

    public static string End(SpecKind kind) => $"<!-- fields:{kind.ToString().ToLowerInvariant()}:end -->";

    /// <summary>The README with every kind's table regenerated; a kind without its markers is left as it is.</summary>
    public static string Rewrite(string readme)
    {
        foreach (var kind in Enum.GetValues<SpecKind>())
        {
            var begin = readme.IndexOf(Begin(kind), StringComparison.Ordinal);
            var end = readme.IndexOf(End(kind), StringComparison.Ordinal);
            if (begin >= 0 && end > begin)
            {
                var from = begin + Begin(kind).Length;
                readme = string.Concat(readme.AsSpan(0, from), "\n", Table(kind), readme.AsSpan(end));
            }
        }

        return readme;
    }

    public static string Table(SpecKind kind)
    {
        var text = new StringBuilder();
        text.Append("<!-- generated from ").Append(SpecSchemas.FileName(kind)).Append(" by SchemaReadme; `make schema` rewrites it -->\n");
        text.Append("| Field | Type | Default | Meaning |\n| --- | --- | --- | --- |\n");
        foreach (var field in SchemaFields.Of(kind).Where(f => f.Pointer is not ("/apiVersion" or "/kind")))
        {
            text.Append("| `").Append(field.Path).Append("` | ").Append(Type(field)).Append(" | ")
                .Append(field.Default is null ? "" : "`" + Flow(field.Default) + "`").Append(" | ")
                .Append(Escape(field.Description ?? "")).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Type(SchemaField field)
    {
        var schema = field.Schema;
        var type = schema["type"] switch
        {
            JsonArray types => string.Join(" or ", types.Select(t => t!.GetValue<string>())),
            JsonValue one => one.GetValue<string>(),
            _ => "any",
        };
        var text = type switch
        {
            _ when schema["enum"] is JsonArray values => string.Join(" \\| ", values.Select(v => "`" + v!.GetValue<string>() + "`")),
            "object" when schema["additionalProperties"] is JsonObject => "map of strings",
            "array" => "list of " + (field.Items?["type"]?.GetValue<string>() is "object" ? "objects" : "strings"),
            "integer" when schema["minimum"] is JsonValue minimum => "integer ≥ " + minimum.ToJsonString(),
            _ => type,
        };
        return field.Required ? text + ", required" : text;
    }

    /// <summary>A default as YAML flow text: us-east-1, 1, false, {daily: 7, weekly: 6}, [].</summary>
    private static string Flow(JsonNode node) => node switch
    {
        JsonObject obj => "{" + string.Join(", ", obj.Select(p => p.Key + ": " + Flow(p.Value!))) + "}",
        JsonArray array => "[" + string.Join(", ", array.Select(i => Flow(i!))) + "]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => Convert.ToString(node.ToJsonString(), CultureInfo.InvariantCulture),
    };

    // A table cell: a pipe ends the cell and <word> would be read as an HTML tag.
    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "\\<", StringComparison.Ordinal);
}
