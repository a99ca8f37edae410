using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// The scheduler, simplified: a pod goes to its <c>spec.nodeName</c>, else to a Ready,
/// schedulable node whose labels match its nodeSelector (a node's name counts as its
/// <c>kubernetes.io/hostname</c>), the least busy first, then by name. Affinity, taints and
/// resources are not looked at.
/// </summary>
internal static class NodePicker
{
    /// <param name="pods">Read only when more than one node fits (a pinned pod, as every admitted backup is, needs no load count).</param>
    public static string? Pick(JsonObject podSpec, IReadOnlyList<JsonObject> nodes, Func<IReadOnlyList<JsonObject>> pods)
    {
        var candidates = nodes.Where(n => Usable(n) && Matches(podSpec, n)).Select(n => ControllerKit.Meta(n, "name")).ToList();
        if (podSpec["nodeName"]?.ToString() is { Length: > 0 } named)
        {
            return candidates.Contains(named) ? named : null;
        }

        if (candidates.Count <= 1)
        {
            return candidates.FirstOrDefault();
        }

        var busy = pods().Where(p => JsonTree.GetString(p, "status", "phase") is "Pending" or "Running")
            .Select(p => JsonTree.GetString(p, "spec", "nodeName"))
            .Where(n => n is not null)
            .CountBy(n => n!)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return candidates.OrderBy(n => busy.GetValueOrDefault(n)).ThenBy(n => n, StringComparer.Ordinal).FirstOrDefault();
    }

    private static bool Usable(JsonObject node) =>
        node["spec"]?["unschedulable"]?.ToJsonString() != "true"
        && (node["status"]?["conditions"] is not JsonArray conditions
            || conditions.Where(c => c?["type"]?.ToString() == "Ready").All(c => c?["status"]?.ToString() == "True"));

    private static bool Matches(JsonObject podSpec, JsonObject node)
    {
        var labels = node["metadata"]?["labels"] as JsonObject;
        foreach (var (key, value) in podSpec["nodeSelector"] as JsonObject ?? [])
        {
            var actual = labels?[key]?.ToString() ?? (key == "kubernetes.io/hostname" ? ControllerKit.Meta(node, "name") : null);
            if (actual != value?.ToString())
            {
                return false;
            }
        }

        return true;
    }
}
