using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;

namespace GitOpsBackup.EmbeddedCluster.Semantics;

/// <summary>
/// Field ownership as the API server tracks it in metadata.managedFields (FieldsV1). Ownership is
/// kept per leaf: scalars, empty maps and whole lists (lists are atomic here; real servers key some
/// lists by name, which only matters when two managers own different elements of one list).
/// </summary>
internal static class ManagedFields
{
    private static readonly HashSet<string> OwnedMetadata = new(StringComparer.Ordinal) { "labels", "annotations", "ownerReferences", "finalizers" };

    /// <summary>The leaves an operation on the main resource or on "status" may own.</summary>
    public static Dictionary<string, JsonNode?> TrackedLeaves(JsonObject obj, string subresource)
    {
        var leaves = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            var tracked = subresource == "status"
                ? key == "status"
                : key is not ("apiVersion" or "kind" or "status" or "metadata");
            if (tracked)
            {
                Collect(key, value, leaves);
            }
        }

        if (subresource != "status" && obj["metadata"] is JsonObject metadata)
        {
            foreach (var (key, value) in metadata)
            {
                if (OwnedMetadata.Contains(key))
                {
                    Collect(FieldPath.Append("metadata", key), value, leaves);
                }
            }
        }

        return leaves;
    }

    private static void Collect(string path, JsonNode? value, Dictionary<string, JsonNode?> into)
    {
        if (value is JsonObject child && child.Count > 0)
        {
            JsonTree.CollectLeaves(child, path, into);
        }
        else if (value is not null)
        {
            into[path] = value;
        }
    }

    public static List<ManagerEntry> Read(JsonObject obj)
    {
        var entries = new List<ManagerEntry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray list)
        {
            return entries;
        }

        foreach (var item in list.OfType<JsonObject>())
        {
            var fields = new HashSet<string>(StringComparer.Ordinal);
            if (item["fieldsV1"] is JsonObject v1)
            {
                ReadFields(v1, "", fields);
            }

            entries.Add(new ManagerEntry
            {
                Manager = item["manager"]?.ToString() ?? "",
                Operation = item["operation"]?.ToString() ?? "Update",
                ApiVersion = item["apiVersion"]?.ToString() ?? "",
                Subresource = item["subresource"]?.ToString() ?? "",
                Time = item["time"]?.ToString() ?? "",
                Fields = fields,
            });
        }

        return entries;
    }

    private static void ReadFields(JsonObject node, string prefix, HashSet<string> into)
    {
        foreach (var (key, value) in node)
        {
            if (key.StartsWith("f:", StringComparison.Ordinal))
            {
                var path = FieldPath.Append(prefix, key[2..]);
                if (value is JsonObject child && child.Count > 0 && !(child.Count == 1 && child.ContainsKey(".")))
                {
                    ReadFields(child, path, into);
                }
                else
                {
                    into.Add(path);
                }
            }
            else if (prefix.Length > 0 && key != ".")
            {
                // k:/v:/i: list keys from a real server: the list is owned as a whole here.
                into.Add(prefix);
            }
        }
    }

    public static void Write(JsonObject obj, IEnumerable<ManagerEntry> entries)
    {
        var metadata = JsonTree.EnsureObject(obj, "metadata");
        var list = new JsonArray();
        foreach (var entry in entries.Where(e => e.Fields.Count > 0))
        {
            var item = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
                ["time"] = entry.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = ToFieldsV1(entry.Fields),
            };
            if (entry.Subresource.Length > 0)
            {
                item["subresource"] = entry.Subresource;
            }

            list.Add(item);
        }

        if (list.Count > 0)
        {
            metadata["managedFields"] = list;
        }
        else
        {
            metadata.Remove("managedFields");
        }
    }

    private static JsonObject ToFieldsV1(IEnumerable<string> fields)
    {
        var root = new JsonObject();
        foreach (var field in fields.Order(StringComparer.Ordinal))
        {
            var current = root;
            foreach (var segment in FieldPath.Split(field))
            {
                current = JsonTree.EnsureObject(current, "f:" + segment);
            }
        }

        return root;
    }

    /// <summary>
    /// Ownership after a create, update or patch by <paramref name="manager"/>: it takes the fields it
    /// changed (from anyone, no conflicts for updates), and fields it removed belong to nobody.
    /// </summary>
    public static void TrackUpdate(JsonObject? before, JsonObject after, string manager, string apiVersion, string subresource, string time)
    {
        var entries = before is null ? [] : Read(before);
        if (before is not null && after["metadata"]?["managedFields"] is JsonArray sent
            && !JsonEquality.Equal(sent, before["metadata"]?["managedFields"]))
        {
            // A client that writes managedFields itself resets ownership, as on a real server.
            entries = Read(after);
        }

        var old = before is null ? new Dictionary<string, JsonNode?>() : TrackedLeaves(before, subresource);
        var now = TrackedLeaves(after, subresource);
        var changed = now.Where(kv => !old.TryGetValue(kv.Key, out var was) || !JsonEquality.Equal(was, kv.Value)).Select(kv => kv.Key).ToList();
        var removed = old.Keys.Where(k => !now.ContainsKey(k)).ToList();

        var mine = entries.FirstOrDefault(e => e.SameIdentity(manager, "Update", subresource));
        foreach (var entry in entries.Where(e => e != mine))
        {
            entry.Fields.RemoveWhere(f => changed.Concat(removed).Any(c => FieldPath.Overlaps(f, c)));
        }

        if (changed.Count > 0 || removed.Count > 0)
        {
            if (mine is null && changed.Count > 0)
            {
                mine = new ManagerEntry { Manager = manager, Operation = "Update", ApiVersion = apiVersion, Subresource = subresource, Time = time, Fields = new(StringComparer.Ordinal) };
                entries.Add(mine);
            }

            if (mine is not null)
            {
                mine.Fields.RemoveWhere(f => removed.Any(r => FieldPath.Overlaps(f, r)));
                mine.Fields.UnionWith(changed);
                mine.Time = time;
            }
        }

        Write(after, entries);
    }
}
