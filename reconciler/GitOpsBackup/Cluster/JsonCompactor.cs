using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsBackup.Cluster;

/// <summary>
/// Makes a parsed object cheap to keep for long. A node from <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/>
/// pins the whole UTF-8 text it came from and makes a new string on every read; the copy this returns holds
/// plain values only, shares repeated strings (property names, labels, the backup script every CronJob
/// carries) through one bounded pool, and drops <c>metadata.managedFields</c>, which nothing we keep reads
/// (client-go informers strip it for the same reason). Thread-safe.
/// </summary>
internal sealed class JsonCompactor
{
    /// <summary>Beyond this many distinct strings new ones are no longer pooled (still kept, just not shared).</summary>
    private const int PoolLimit = 16_384;

    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>One pool for the process: the watch cache and the desired JSON share the same strings.</summary>
    public static JsonCompactor Shared { get; } = new();

    public JsonObject Compact(JsonObject source, bool dropManagedFields = true)
    {
        var copy = (JsonObject)Copy(source)!;
        if (dropManagedFields && copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("managedFields");
        }

        return copy;
    }

    private JsonNode? Copy(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
                var obj = new JsonObject();
                foreach (var (key, child) in o)
                {
                    obj[Share(key)] = Copy(child);
                }

                return obj;
            case JsonArray a:
                var array = new JsonArray();
                foreach (var child in a)
                {
                    array.Add(Copy(child));
                }

                return array;
            default:
                var value = node.AsValue();
                if (!value.TryGetValue(out JsonElement _))
                {
                    return node.DeepClone(); // already a plain value
                }

                return value.GetValueKind() switch
                {
                    JsonValueKind.String => JsonValue.Create(Share(value.GetValue<string>())),
                    JsonValueKind.True => JsonValue.Create(true),
                    JsonValueKind.False => JsonValue.Create(false),
                    JsonValueKind.Number when value.TryGetValue(out long l) => JsonValue.Create(l),
                    JsonValueKind.Number when value.TryGetValue(out decimal d) => JsonValue.Create(d),
                    JsonValueKind.Number => JsonValue.Create(value.GetValue<double>()),
                    _ => node.DeepClone(),
                };
        }
    }

    private string Share(string text)
    {
        lock (_gate)
        {
            if (_pool.TryGetValue(text, out var shared))
            {
                return shared;
            }

            if (_pool.Count < PoolLimit)
            {
                _pool[text] = text;
            }

            return text;
        }
    }
}
