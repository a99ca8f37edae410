using System.Text.Json.Nodes;

namespace GitOpsBackup.EmbeddedCluster.Json;

/// <summary>RFC 6902 JSON patch (add, remove, replace, test, move, copy).</summary>
internal static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? target, JsonArray operations)
    {
        var root = target?.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var kind = op["op"]?.ToString() ?? throw new FormatException("json patch operation without \"op\"");
            var path = op["path"]?.ToString() ?? throw new FormatException("json patch operation without \"path\"");
            switch (kind)
            {
                case "add":
                    root = Add(root, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Take(root, path);
                    break;
                case "replace":
                    Take(root, path);
                    root = Add(root, path, op["value"]?.DeepClone());
                    break;
                case "test":
                    if (!JsonEquality.Equal(Get(root, path), op["value"]))
                    {
                        throw new FormatException($"json patch test failed at {path}");
                    }

                    break;
                case "move":
                    var moved = Take(root, op["from"]?.ToString() ?? "");
                    root = Add(root, path, moved);
                    break;
                case "copy":
                    root = Add(root, path, Get(root, op["from"]?.ToString() ?? "")?.DeepClone());
                    break;
                default:
                    throw new FormatException($"unknown json patch operation \"{kind}\"");
            }
        }

        return root;
    }

    private static string[] Tokens(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    /// <summary>The pointer to the parent of the last token ("" is the document itself).</summary>
    private static string ParentPointer(string[] tokens) =>
        string.Concat(tokens[..^1].Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));

    private static JsonNode? Get(JsonNode? root, string pointer)
    {
        var current = root;
        foreach (var token in Tokens(pointer))
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var v) => v,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new FormatException($"json patch path {pointer} does not exist"),
            };
        }

        return current;
    }

    private static JsonNode? Add(JsonNode? root, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            return value;
        }

        var parent = Get(root, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new FormatException($"json patch cannot add at {pointer}");
        }

        return root;
    }

    private static JsonNode? Take(JsonNode? root, string pointer)
    {
        var tokens = Tokens(pointer);
        if (tokens.Length == 0)
        {
            throw new FormatException("json patch cannot remove the whole document");
        }

        var parent = Get(root, ParentPointer(tokens));
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var v):
                o.Remove(last);
                return v;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw new FormatException($"json patch path {pointer} does not exist");
        }
    }
}
