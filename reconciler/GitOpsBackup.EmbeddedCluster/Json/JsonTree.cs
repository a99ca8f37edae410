using System.Text.Json.Nodes;

namespace GitOpsBackup.EmbeddedCluster.Json;

/// <summary>Reads, writes and removes fields of a JSON object by <see cref="FieldPath"/>.</summary>
internal static class JsonTree
{
    /// <summary>Every leaf under <paramref name="node"/>: scalars, arrays (atomic) and empty objects.</summary>
    public static void CollectLeaves(JsonObject node, string prefix, Dictionary<string, JsonNode?> into)
    {
        foreach (var (key, value) in node)
        {
            var path = FieldPath.Append(prefix, key);
            if (value is JsonObject child && child.Count > 0)
            {
                CollectLeaves(child, path, into);
            }
            else
            {
                into[path] = value;
            }
        }
    }

    public static bool TryGet(JsonObject root, string path, out JsonNode? value)
    {
        JsonNode? current = root;
        foreach (var segment in FieldPath.Split(path))
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(segment, out current))
            {
                value = null;
                return false;
            }
        }

        value = current;
        return true;
    }

    /// <summary>Sets a leaf, creating (or replacing non-object) parents on the way.</summary>
    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = FieldPath.Split(path);
        var current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (current[segments[i]] is not JsonObject next)
            {
                next = new JsonObject();
                current[segments[i]] = next;
            }

            current = next;
        }

        var last = segments[^1];
        // An empty object in an applied config says "this map exists", not "clear it".
        if (value is JsonObject { Count: 0 } && current[last] is JsonObject)
        {
            return;
        }

        current[last] = value?.DeepClone();
    }

    /// <summary>Removes a field and then any parent object it leaves empty (below the top level).</summary>
    public static void Remove(JsonObject root, string path)
    {
        var segments = FieldPath.Split(path);
        var chain = new List<JsonObject> { root };
        var current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (current[segments[i]] is not JsonObject next)
            {
                return;
            }

            chain.Add(next);
            current = next;
        }

        current.Remove(segments[^1]);
        for (var i = chain.Count - 1; i >= 2; i--)
        {
            if (chain[i].Count > 0)
            {
                break;
            }

            chain[i - 1].Remove(segments[i - 1]);
        }
    }

    public static string? GetString(JsonNode? node, params string[] path)
    {
        var current = node;
        foreach (var segment in path)
        {
            current = current is JsonObject obj ? obj[segment] : null;
        }

        return current is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
    }

    public static JsonObject EnsureObject(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        parent[key] = created;
        return created;
    }
}
