using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Api;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Semantics;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// Deployments and StatefulSets, scaled down only: a workload with more running or pending pods
/// matching its selector than spec.replicas loses the extra ones (the highest names first, as a
/// StatefulSet stops its highest ordinal first), and status.replicas counts what is left. Scaling
/// up creates no pods: the simulation seeds app pods, it does not run apps.
/// </summary>
internal sealed class WorkloadController(ControllerKit kit)
{
    public void Sync()
    {
        foreach (var type in new[] { ResourceCatalog.Deployments, ResourceCatalog.StatefulSets })
        {
            foreach (var workload in kit.State.List(type.ApiVersion, type.Kind))
            {
                ControllerKit.Guard(() => Scale(type, workload));
            }
        }
    }

    private void Scale(ResourceType type, JsonObject workload)
    {
        var selector = ScaleSubresource.Selector(workload);
        if (selector.Length == 0)
        {
            return; // no selector, no pods of its own (a real server refuses such a workload)
        }

        var labels = LabelSelector.Parse(selector);
        var ns = ControllerKit.Meta(workload, "namespace");
        var pods = kit.State.List("v1", "Pod", ns)
            .Where(p => p["status"]?["phase"]?.ToString() is "Running" or "Pending" && labels.Matches(p["metadata"]?["labels"] as JsonObject))
            .OrderBy(p => ControllerKit.Meta(p, "name"), StringComparer.Ordinal)
            .ToList();
        var extra = pods.Skip(ScaleSubresource.Replicas(workload)).Reverse().ToList();
        foreach (var pod in extra)
        {
            kit.Delete(ResourceCatalog.Pods, pod);
            kit.Event(workload, "Normal", "SuccessfulDelete", $"Deleted pod: {ControllerKit.Meta(pod, "name")}");
        }

        var replicas = pods.Count - extra.Count;
        kit.SetStatus(type, ns, ControllerKit.Meta(workload, "name"), $"{type.Singular}-controller", status => status["replicas"] = replicas);
    }
}
