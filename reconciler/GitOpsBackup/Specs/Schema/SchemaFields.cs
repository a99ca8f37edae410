using System.Text.Json.Nodes;

namespace GitOpsBackup.Specs.Schema;

/// <summary>Every field of a kind's schema, depth first in schema order (the order the docs list them).</summary>
internal static class SchemaFields
{
    public static IReadOnlyList<SchemaField> Of(SpecKind kind)
    {
        var root = SpecSchemas.Raw(kind);
        var fields = new List<SchemaField>();
        Walk(root, root, "", fields);
        return fields;
    }

    /// <summary>The fields that carry a default keyword, by pointer.</summary>
    public static IReadOnlyList<SchemaField> WithDefaults(SpecKind kind) => [.. Of(kind).Where(f => f.Default is not null)];

    private static void Walk(JsonObject root, JsonObject schema, string pointer, List<SchemaField> fields)
    {
        var required = schema["required"] is JsonArray names ? names.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : [];
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, _) in properties)
            {
                var child = pointer + "/" + name;
                var resolved = SchemaNavigator.At(root, child)!;
                fields.Add(new SchemaField(child, resolved, SchemaNavigator.Description(root, child), SchemaNavigator.Default(root, child), required.Contains(name))
                {
                    Items = resolved["items"] is JsonObject ? SchemaNavigator.At(root, child + "/0") : null,
                });
                Walk(root, resolved, child, fields);
            }
        }

        if (schema["items"] is JsonObject && SchemaNavigator.At(root, pointer + "/0") is { } items && items["properties"] is not null)
        {
            Walk(root, items, pointer + "/0", fields);
        }
    }
}
