using System.Text.Json.Nodes;

namespace GitOpsBackup.Specs.Schema;

/// <summary>Finds the subschema that describes an instance location (following $ref into $defs).</summary>
internal static class SchemaNavigator
{
    public static JsonObject? At(JsonObject root, string instancePointer)
    {
        JsonObject? current = Resolve(root, root);
        foreach (var raw in instancePointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current is null)
            {
                return null;
            }

            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current["properties"] is JsonObject properties && properties[segment] is JsonObject property)
            {
                current = Resolve(root, property);
            }
            else if (current["items"] is JsonObject items && int.TryParse(segment, out _))
            {
                current = Resolve(root, items);
            }
            else if (current["additionalProperties"] is JsonObject additional)
            {
                current = Resolve(root, additional);
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The property names allowed at an object location, for "did you mean".</summary>
    public static IReadOnlyList<string> PropertyNames(JsonObject root, string objectPointer) =>
        At(root, objectPointer)?["properties"] is JsonObject properties ? [.. properties.Select(p => p.Key)] : [];

    /// <summary>The description at a location; a $ref's own description wins over the target's.</summary>
    public static string? Description(JsonObject root, string instancePointer) => Keyword(root, instancePointer, "description")?.GetValue<string>();

    /// <summary>The default keyword at a location, or null; a $ref's own default wins over the target's.</summary>
    public static JsonNode? Default(JsonObject root, string instancePointer) => Keyword(root, instancePointer, "default");

    /// <summary>A keyword at a location (format, x-rule, …), or null; the $ref's own sibling wins over the target's.</summary>
    public static JsonNode? Keyword(JsonObject root, string instancePointer, string keyword) => Own(root, instancePointer, keyword) ?? At(root, instancePointer)?[keyword];

    private static JsonNode? Own(JsonObject root, string instancePointer, string keyword)
    {
        if (instancePointer.Length == 0)
        {
            return null;
        }

        var parentPointer = instancePointer[..instancePointer.LastIndexOf('/')];
        var name = instancePointer[(instancePointer.LastIndexOf('/') + 1)..];
        return At(root, parentPointer)?["properties"] is JsonObject properties && properties[name] is JsonObject own ? own[keyword] : null;
    }

    private static JsonObject? Resolve(JsonObject root, JsonObject schema)
    {
        // Our schemas use only local refs: #/$defs/<name>; the ref's siblings (description) are kept by Description().
        for (var i = 0; i < 8 && schema["$ref"] is JsonValue reference; i++)
        {
            var name = reference.GetValue<string>().Replace("#/$defs/", "", StringComparison.Ordinal);
            if (root["$defs"]?[name] is not JsonObject target)
            {
                return null;
            }

            schema = target;
        }

        return schema;
    }
}
