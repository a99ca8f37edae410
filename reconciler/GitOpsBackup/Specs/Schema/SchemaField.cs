using System.Text.Json.Nodes;

namespace GitOpsBackup.Specs.Schema;

/// <summary>
/// One field of a kind's schema: its instance pointer (array items as /0), its schema with $ref
/// followed, and what the field's own site says (a $ref's siblings win over the target's).
/// </summary>
internal sealed record SchemaField(string Pointer, JsonObject Schema, string? Description, JsonNode? Default, bool Required)
{
    /// <summary>A list's item schema ($ref followed); null for a field that is not a list.</summary>
    public JsonObject? Items { get; init; }

    /// <summary>The field as the docs write it: spec.volumes[].name.</summary>
    public string Path => Pointer.TrimStart('/').Replace("/0", "[]", StringComparison.Ordinal).Replace('/', '.');
}
