using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsBackup.Specs.Schema;

/// <summary>
/// Generates a CustomResourceDefinition per kind FROM the JSON Schema, so the two cannot drift:
/// $defs are inlined, $schema/$id/additionalProperties:false dropped, const becomes a one-value enum,
/// a string-or-integer type becomes x-kubernetes-int-or-string (structural schema rules), and
/// metadata is left to the API server. Output is deterministic YAML.
/// </summary>
internal static partial class CrdGenerator
{
    // Words YAML 1.1 tools would read as booleans or null: always quoted.
    private static readonly HashSet<string> YamlWords = new(StringComparer.OrdinalIgnoreCase) { "y", "n", "yes", "no", "on", "off", "true", "false", "null" };

    private static readonly string[] Kept =
        ["description", "type", "properties", "items", "required", "enum", "default", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern"];

    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string FileName(SpecKind kind) => Plural(kind) + "." + SpecSchemas.Group + ".yaml";

    public static string Generate(SpecKind kind)
    {
        var raw = SpecSchemas.Raw(kind);
        var properties = raw["properties"]!.AsObject();
        var schema = new JsonObject
        {
            ["description"] = raw["description"]!.DeepClone(),
            ["type"] = "object",
            ["required"] = new JsonArray("spec"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["description"] = properties["apiVersion"]!["description"]!.DeepClone(), ["type"] = "string" },
                ["kind"] = new JsonObject { ["description"] = properties["kind"]!["description"]!.DeepClone(), ["type"] = "string" },
                ["metadata"] = new JsonObject { ["type"] = "object" },
                ["spec"] = Convert(raw, properties["spec"]!.AsObject()),
            },
        };
        var crd = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = Plural(kind) + "." + SpecSchemas.Group },
            ["spec"] = new JsonObject
            {
                ["group"] = SpecSchemas.Group,
                ["names"] = new JsonObject
                {
                    ["kind"] = kind.ToString(),
                    ["listKind"] = kind + "List",
                    ["plural"] = Plural(kind),
                    ["singular"] = kind.ToString().ToLowerInvariant(),
                },
                // BackupDefaults is repository-wide; the other two live in a namespace.
                ["scope"] = kind == SpecKind.BackupDefaults ? "Cluster" : "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = "v1alpha1",
                    ["served"] = true,
                    ["storage"] = true,
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema },
                }),
            },
        };

        var text = new StringBuilder();
        text.Append("# Generated from spec-schema/").Append(SpecSchemas.FileName(kind)).Append(" by CrdGenerator; do not edit.\n");
        text.Append("# Regenerate: make schema\n");
        Emit(text, crd, 0);
        return text.ToString();
    }

    private static string Plural(SpecKind kind) => kind.ToString().ToLowerInvariant() + (kind == SpecKind.BackupDefaults ? "" : "s");

    private static JsonObject Convert(JsonObject root, JsonObject schema)
    {
        var merged = new JsonObject();
        if (schema["$ref"] is JsonValue reference)
        {
            var target = root["$defs"]![reference.GetValue<string>().Replace("#/$defs/", "", StringComparison.Ordinal)]!.AsObject();
            foreach (var (key, value) in Convert(root, target))
            {
                merged[key] = value!.DeepClone();
            }
        }

        foreach (var (key, value) in schema)
        {
            if (value is null)
            {
                continue;
            }

            switch (key)
            {
                case "const":
                    merged["enum"] = new JsonArray(value.DeepClone());
                    break;
                case "type" when value is JsonArray:
                    merged.Remove("type");
                    merged.Remove("pattern");
                    merged["x-kubernetes-int-or-string"] = true;
                    break;
                case "pattern" when schema["type"] is JsonArray:
                    break;
                case "properties":
                    var properties = new JsonObject();
                    foreach (var (name, property) in value.AsObject())
                    {
                        properties[name] = Convert(root, property!.AsObject());
                    }

                    merged["properties"] = properties;
                    break;
                case "items":
                    merged["items"] = Convert(root, value.AsObject());
                    break;
                case var kept when Kept.Contains(kept):
                    merged[key] = value.DeepClone();
                    break;
            }
        }

        return merged;
    }

    private static void Emit(StringBuilder text, JsonNode node, int indent)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    text.Append(pad).Append(key).Append(':');
                    EmitChild(text, value!, indent);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    text.Append(pad).Append('-');
                    if (item is JsonObject itemObject && itemObject.Count > 0)
                    {
                        // "- key: value" with the rest of the mapping aligned under the first key.
                        var inner = new StringBuilder();
                        Emit(inner, itemObject, indent + 2);
                        text.Append(' ').Append(inner.ToString(indent + 2, inner.Length - indent - 2));
                    }
                    else
                    {
                        EmitChild(text, item!, indent);
                    }
                }

                break;
        }
    }

    private static void EmitChild(StringBuilder text, JsonNode value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: 0 }:
                text.Append(" {}\n");
                break;
            case JsonArray { Count: 0 }:
                text.Append(" []\n");
                break;
            case JsonObject or JsonArray:
                text.Append('\n');
                Emit(text, value, indent + 2);
                break;
            default:
                text.Append(' ').Append(Scalar((JsonValue)value)).Append('\n');
                break;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z][A-Za-z0-9./-]*$")]
    private static partial System.Text.RegularExpressions.Regex PlainSafe();

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String when PlainSafe().IsMatch(value.GetValue<string>()) && !YamlWords.Contains(value.GetValue<string>()) => value.GetValue<string>(),
        JsonValueKind.String => JsonSerializer.Serialize(value.GetValue<string>(), Quoting),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => System.Convert.ToString(value.ToJsonString(), CultureInfo.InvariantCulture),
    };
}
