using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace GitOpsBackup.Specs.Schema;

/// <summary>
/// The string rules the schemas state (pattern, minLength, maxLength) with their <c>x-rule</c>: the
/// diagnostic code, what the value must be and the fix. The validator words its findings with them, and
/// C# that must check a value met outside a spec document (a Flux targetNamespace, a restore target,
/// the disk id `disk init` writes) asks the schema here instead of stating the rule again.
/// </summary>
internal static class SchemaRules
{
    private static readonly ConcurrentDictionary<(SpecKind, string), JsonSchema> Built = new();

    /// <summary>The x-rule at an instance location (a $ref's own wins over its target's), or null.</summary>
    public static (string Code, string Message, string Fix)? At(JsonObject root, string instancePointer) =>
        SchemaNavigator.Keyword(root, instancePointer, "x-rule") is JsonObject rule
            ? (rule["code"]!.GetValue<string>(), rule["message"]!.GetValue<string>(), rule["fix"]!.GetValue<string>())
            : null;

    /// <summary>"'value' must …", with the length when the value is too long (a long value is hard to count).</summary>
    public static string Sentence(JsonObject schema, string message, string value)
    {
        var tooLong = schema["maxLength"] is JsonValue max && value.Length > max.GetValue<int>();
        return $"'{value}' {message}" + (tooLong ? $"; it has {value.Length} characters" : "");
    }

    /// <summary>
    /// Why <paramref name="value"/> breaks the rule the kind's schema states at <paramref name="where"/>
    /// (an instance pointer like /spec/disk/id, or a definition like #/$defs/dnsLabel), or null when it keeps it.
    /// </summary>
    public static string? Error(SpecKind kind, string where, string value)
    {
        var root = SpecSchemas.Raw(kind);
        var schema = Subschema(root, where) ?? throw new InvalidOperationException($"{SpecSchemas.FileName(kind)} has no {where}");
        var built = Built.GetOrAdd((kind, where), _ =>
        {
            // Built alone, under the file's dialect (2020-12, where x-rule is an annotation like any unknown keyword).
            var alone = schema.DeepClone().AsObject();
            alone.Insert(0, "$schema", root["$schema"]!.DeepClone());
            return JsonSchema.FromText(alone.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        });
        if (built.Evaluate(JsonSerializer.SerializeToElement(value)).IsValid)
        {
            return null;
        }

        var message = (where.StartsWith('#') ? schema["x-rule"]?["message"]?.GetValue<string>() : At(root, where)?.Message)
            ?? throw new InvalidOperationException($"{SpecSchemas.FileName(kind)} {where} has no x-rule");
        return Sentence(schema, message, value);
    }

    private static JsonObject? Subschema(JsonObject root, string where) => where.StartsWith("#/$defs/", StringComparison.Ordinal)
        ? root["$defs"]?[where["#/$defs/".Length..]] as JsonObject
        : SchemaNavigator.At(root, where);
}
