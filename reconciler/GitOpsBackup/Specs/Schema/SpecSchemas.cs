using System.Text.Json.Nodes;
using Json.Schema;

namespace GitOpsBackup.Specs.Schema;

/// <summary>
/// The JSON Schemas embedded from spec-schema/ (the single source of truth), built once, plus the
/// raw schema documents for field descriptions, "did you mean" and CRD generation.
/// </summary>
internal static class SpecSchemas
{
    public const string Group = "backup.homelab.dev";
    public const string ApiVersion = "backup.homelab.dev/v1alpha1";

    private static readonly Lazy<IReadOnlyDictionary<SpecKind, (JsonSchema Schema, JsonObject Raw)>> All = new(Load);

    public static string FileName(SpecKind kind) => kind.ToString().ToLowerInvariant() + ".schema.json";

    public static JsonSchema Schema(SpecKind kind) => All.Value[kind].Schema;

    public static JsonObject Raw(SpecKind kind) => All.Value[kind].Raw;

    public static string Text(SpecKind kind)
    {
        using var stream = typeof(SpecSchemas).Assembly.GetManifestResourceStream("schema/" + FileName(kind))
            ?? throw new InvalidOperationException($"schema/{FileName(kind)} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IReadOnlyDictionary<SpecKind, (JsonSchema, JsonObject)> Load()
    {
        var result = new Dictionary<SpecKind, (JsonSchema, JsonObject)>();
        foreach (var kind in Enum.GetValues<SpecKind>())
        {
            var text = Text(kind);
            // A registry of our own: the global one would refuse a second build of the same $id.
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            result[kind] = (JsonSchema.FromText(text, options), (JsonObject)JsonNode.Parse(text)!);
        }

        return result;
    }
}
