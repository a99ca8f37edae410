using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsBackup.EmbeddedCluster.Json;

/// <summary>
/// Semantic JSON equality: object key order does not matter, numbers compare by value
/// (1 == 1.0), whichever way the node was built (parsed, from YAML, or created in code).
/// </summary>
internal static class JsonEquality
{
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return IsNull(a) && IsNull(b);
        }

        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                if (oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !Equal(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray aa when b is JsonArray ab:
                if (aa.Count != ab.Count)
                {
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!Equal(aa[i], ab[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValue va when b is JsonValue vb:
                return ValueEqual(va, vb);
            default:
                return false;
        }
    }

    private static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

    private static bool ValueEqual(JsonValue a, JsonValue b)
    {
        var ka = a.GetValueKind();
        var kb = b.GetValueKind();
        if (ka != kb)
        {
            return false;
        }

        return ka switch
        {
            JsonValueKind.String => a.GetValue<string>() == b.GetValue<string>(),
            JsonValueKind.Number => decimal.TryParse(a.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var da)
                && decimal.TryParse(b.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var db)
                    ? da == db
                    : a.ToJsonString() == b.ToJsonString(),
            _ => true, // true/true, false/false, null/null
        };
    }
}
