using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;

namespace GitOpsBackup.EmbeddedCluster.Semantics;

/// <summary>
/// Server-side apply: merges a manager's applied configuration into the live object. Fields the
/// config sets are set; fields the manager applied last time and no longer sets are removed unless
/// another manager still owns them; changing a field another manager owns is a conflict unless forced,
/// and forcing moves the ownership.
/// </summary>
internal static class ServerSideApply
{
    /// <summary>A field another manager owns that this apply would change.</summary>
    public sealed record Conflict(string Manager, string ApiVersion, string Field);

    /// <summary>Returns the merged object, or the conflicts when there are any and force is off.</summary>
    public static (JsonObject? Result, IReadOnlyList<Conflict> Conflicts) Apply(
        JsonObject live, JsonObject config, string manager, bool force, string apiVersion, string subresource, string time)
    {
        var applied = ManagedFields.TrackedLeaves(config, subresource);
        var entries = ManagedFields.Read(live);
        var mine = entries.FirstOrDefault(e => e.SameIdentity(manager, "Apply", subresource));
        var previous = mine?.Fields ?? [];
        var result = live.DeepClone().AsObject();

        var conflicts = new List<Conflict>();
        foreach (var (path, value) in applied)
        {
            if (JsonTree.TryGet(result, path, out var current) && JsonEquality.Equal(current, value))
            {
                continue; // same value: shared ownership, never a conflict
            }

            foreach (var other in entries.Where(e => e != mine))
            {
                var owned = other.Fields.Where(f => FieldPath.Overlaps(f, path)).ToList();
                if (owned.Count == 0)
                {
                    continue;
                }

                if (force)
                {
                    other.Fields.ExceptWith(owned);
                }
                else
                {
                    conflicts.Add(new Conflict(other.Manager, other.ApiVersion, path));
                }
            }
        }

        if (conflicts.Count > 0)
        {
            return (null, conflicts);
        }

        foreach (var (path, value) in applied)
        {
            JsonTree.Set(result, path, value);
        }

        foreach (var dropped in previous.Where(p => !applied.ContainsKey(p)))
        {
            var ownedElsewhere = entries.Any(e => e != mine && e.Fields.Any(f => FieldPath.Overlaps(f, dropped)));
            if (!ownedElsewhere)
            {
                JsonTree.Remove(result, dropped);
            }
        }

        var newFields = applied.Keys.ToHashSet(StringComparer.Ordinal);
        if (mine is null)
        {
            entries.Add(new ManagerEntry { Manager = manager, Operation = "Apply", ApiVersion = apiVersion, Subresource = subresource, Time = time, Fields = newFields });
        }
        else if (!mine.Fields.SetEquals(newFields))
        {
            mine.Fields = newFields;
            mine.Time = time;
        }

        ManagedFields.Write(result, entries);
        return (result, []);
    }

    /// <summary>The object an apply creates when nothing is live: the config, owned by the manager.</summary>
    public static JsonObject Create(JsonObject config, string manager, string apiVersion, string time)
    {
        var result = config.DeepClone().AsObject();
        result.Remove("status");
        var fields = ManagedFields.TrackedLeaves(config, "").Keys.ToHashSet(StringComparer.Ordinal);
        ManagedFields.Write(result, [new ManagerEntry { Manager = manager, Operation = "Apply", ApiVersion = apiVersion, Time = time, Fields = fields }]);
        return result;
    }

    public static string Describe(IReadOnlyList<Conflict> conflicts)
    {
        var lines = conflicts.Select(c => $"conflict with \"{c.Manager}\" using {c.ApiVersion}: {FieldPath.Format(c.Field)}").ToList();
        var noun = conflicts.Count == 1 ? "conflict" : "conflicts";
        return conflicts.Count == 1
            ? $"Apply failed with 1 conflict: {lines[0]}"
            : $"Apply failed with {conflicts.Count} {noun}: {string.Join("\n", lines)}";
    }
}
