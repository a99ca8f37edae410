using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace GitOpsBackup.Planning;

/// <summary>
/// Compares what we set with what the cluster holds. Only fields present in the desired object
/// count: the live object has server defaults, status and other managers' fields, all ignored.
/// Lists are compared element by element (a different length is a difference of the whole list);
/// labels and annotations only for the keys we set.
/// </summary>
internal static class SubsetDiff
{
    private static readonly HashSet<string> IgnoredRootFields = ["apiVersion", "kind", "status"];
    private static readonly string[] MetadataMaps = ["labels", "annotations"];

    /// <summary>The differing fields, in document order. <paramref name="ignoredAnnotations"/> are not compared.</summary>
    public static IReadOnlyList<FieldChange> Compare(JsonObject desired, JsonObject live, IReadOnlySet<string> ignoredAnnotations)
    {
        var changes = new List<FieldChange>();
        var path = new FieldPath();
        foreach (var (key, value) in desired)
        {
            if (value is null || IgnoredRootFields.Contains(key))
            {
                continue;
            }

            path.Push(key);
            if (key == "metadata")
            {
                CompareMetadata(value, live["metadata"], ignoredAnnotations, path, changes);
            }
            else
            {
                CompareNode(value, live[key], path, changes);
            }

            path.Pop();
        }

        return changes;
    }

    private static void CompareMetadata(JsonNode desired, JsonNode? live, IReadOnlySet<string> ignoredAnnotations, FieldPath path, List<FieldChange> changes)
    {
        // Name and namespace identify the object; everything else in metadata but labels and
        // annotations belongs to the server.
        foreach (var map in MetadataMaps)
        {
            if (desired[map] is not JsonObject wanted)
            {
                continue;
            }

            path.Push(map);
            foreach (var (key, value) in wanted)
            {
                if (map == "annotations" && ignoredAnnotations.Contains(key))
                {
                    continue;
                }

                path.PushMapKey(key);
                CompareNode(value, live?[map]?[key], path, changes);
                path.Pop();
            }

            path.Pop();
        }
    }

    // The path is built only for a difference: a no-op pass compares every field of every object.
    private static void CompareNode(JsonNode? desired, JsonNode? live, FieldPath path, List<FieldChange> changes)
    {
        if (live is null && IsEmpty(desired))
        {
            return; // the API server drops empty lists, maps and strings (omitempty): absent is the same
        }

        switch (desired)
        {
            case null:
                return;
            case JsonObject wanted:
                if (live is not JsonObject have)
                {
                    changes.Add(Change(path.ToString(), live, desired));
                    return;
                }

                foreach (var (key, value) in wanted)
                {
                    path.Push(key);
                    CompareNode(value, have[key], path, changes);
                    path.Pop();
                }

                return;
            case JsonArray wantedList:
                if (live is not JsonArray haveList || haveList.Count != wantedList.Count)
                {
                    changes.Add(Change(path.ToString(), live, desired));
                    return;
                }

                for (var i = 0; i < wantedList.Count; i++)
                {
                    path.PushElement(wantedList[i], i);
                    CompareNode(wantedList[i], haveList[i], path, changes);
                    path.Pop();
                }

                return;
            default:
                if (!ScalarEquals(desired, live, path))
                {
                    changes.Add(Change(path.ToString(), live, desired));
                }

                return;
        }
    }

    // Not false or 0: a bool or number we set that went missing (automountServiceAccountToken) is real drift.
    private static bool IsEmpty(JsonNode? node) => node switch
    {
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        JsonValue v => v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0,
        _ => true,
    };

    private static bool ScalarEquals(JsonNode desired, JsonNode? live, FieldPath path)
    {
        if (live is not JsonValue have || desired is not JsonValue want)
        {
            return false;
        }

        if (JsonNode.DeepEquals(want, have))
        {
            return true;
        }

        if (want.GetValueKind() == JsonValueKind.Number && have.GetValueKind() == JsonValueKind.Number)
        {
            return want.GetValue<decimal>() == have.GetValue<decimal>();
        }

        // The API server canonicalises quantities ("0.5" → "500m", "1024Mi" → "1Gi"): compare their values.
        if (IsQuantityPath(path.ToString()) && want.TryGetValue(out string? a) && have.TryGetValue(out string? b))
        {
            try
            {
                return new ResourceQuantity(a).ToDecimal() == new ResourceQuantity(b).ToDecimal();
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsQuantityPath(string path) =>
        path.Contains(".resources.limits.", StringComparison.Ordinal) || path.Contains(".resources.requests.", StringComparison.Ordinal) ||
        path.EndsWith(".sizeLimit", StringComparison.Ordinal);

    private static FieldChange Change(string path, JsonNode? live, JsonNode desired) =>
        Redaction.IsSensitive(path)
            ? new FieldChange(path, live is null ? null : Redaction.Redacted, Redaction.Redacted)
            : new FieldChange(path, live is null ? null : Compact(live), Compact(desired));

    private static string Compact(JsonNode node)
    {
        var text = Redaction.Scrub(node).ToJsonString();
        return text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 197), "...");
    }
}
