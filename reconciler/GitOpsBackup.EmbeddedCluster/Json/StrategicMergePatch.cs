using System.Text.Json.Nodes;

namespace GitOpsBackup.EmbeddedCluster.Json;

/// <summary>
/// The part of strategic merge patch that kubectl edit/label/annotate produce for our kinds:
/// a merge patch whose lists of named objects (containers, env, volumes, …) merge by "name",
/// whose <c>$patch: delete</c> removes a list element, and whose other <c>$</c> directives
/// (<c>$setElementOrder</c>, <c>$retainKeys</c>) are honoured or ignored harmlessly.
/// </summary>
internal static class StrategicMergePatch
{
    private const string MergeKey = "name";

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? t.DeepClone().AsObject() : new JsonObject();
        if (patchObject["$patch"] is JsonValue directive && directive.ToString() == "replace")
        {
            var replaced = patchObject.DeepClone().AsObject();
            replaced.Remove("$patch");
            return replaced;
        }

        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray list && result[key] is JsonArray existing && IsKeyed(list) && IsKeyed(existing))
            {
                var order = patchObject[$"$setElementOrder/{key}"] as JsonArray;
                result[key] = MergeList(existing, list, order);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }

    private static bool IsKeyed(JsonArray list) =>
        list.Count > 0 && list.All(e => e is JsonObject o && o[MergeKey] is JsonValue);

    private static JsonArray MergeList(JsonArray existing, JsonArray patch, JsonArray? order)
    {
        var merged = existing.Select(e => e!.DeepClone().AsObject()).ToList();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var name = element[MergeKey]!.ToString();
            var index = merged.FindIndex(e => e[MergeKey]?.ToString() == name);
            var delete = element["$patch"] is JsonValue d && d.ToString() == "delete";
            if (delete)
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                merged[index] = Apply(merged[index], element)!.AsObject();
            }
            else
            {
                merged.Add(Apply(null, element)!.AsObject());
            }
        }

        if (order is not null)
        {
            var rank = order.OfType<JsonObject>().Select((o, i) => (Name: o[MergeKey]?.ToString(), i))
                .Where(x => x.Name is not null).ToDictionary(x => x.Name!, x => x.i, StringComparer.Ordinal);
            merged = [.. merged.OrderBy(e => rank.GetValueOrDefault(e[MergeKey]?.ToString() ?? "", int.MaxValue))];
        }

        return new JsonArray([.. merged]);
    }
}
