using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Api;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Semantics;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// Deployments and StatefulSets, as far as their pods come and go: a workload with more running or
/// pending pods matching its selector than spec.replicas loses the extra ones (the highest names
/// first, as a StatefulSet stops its highest ordinal first); one with fewer gets running pods from
/// its template (a StatefulSet's named by ordinal, a Deployment's by a stable hash), on a node the
/// scheduler picks. status.replicas counts them. No rollouts, ReplicaSets or readiness.
/// </summary>
internal sealed class WorkloadController(ControllerKit kit)
{
    public void Sync()
    {
        foreach (var type in new[] { ResourceCatalog.Deployments, ResourceCatalog.StatefulSets })
        {
            foreach (var workload in kit.State.ListShared(type.ApiVersion, type.Kind))
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
        var pods = kit.State.ListShared("v1", "Pod", ns)
            .Where(p => Selected(p, labels))
            .OrderBy(p => ControllerKit.Meta(p, "name"), StringComparer.Ordinal)
            .ToList();
        var extra = pods.Skip(ScaleSubresource.Replicas(workload)).Reverse().ToList();
        foreach (var pod in extra)
        {
            kit.Delete(ResourceCatalog.Pods, pod);
            kit.Event(workload, "Normal", "SuccessfulDelete", $"Deleted pod: {ControllerKit.Meta(pod, "name")}");
        }

        for (var missing = ScaleSubresource.Replicas(workload) - pods.Count; missing > 0; missing--)
        {
            if (!CreatePod(type, workload))
            {
                break;
            }
        }

        var replicas = kit.State.ListShared("v1", "Pod", ns).Count(p => Selected(p, labels));
        kit.SetStatus(type, ns, ControllerKit.Meta(workload, "name"), $"{type.Singular}-controller", status => status["replicas"] = replicas);
    }

    /// <summary>A live pod with the workload's labels; never a Job's pod, whatever its labels.</summary>
    private static bool Selected(JsonObject pod, LabelSelector labels) =>
        pod["status"]?["phase"]?.ToString() is "Running" or "Pending" && !JobController.IsJobPod(pod) && labels.Matches(pod["metadata"]?["labels"] as JsonObject);

    /// <summary>A running pod from the workload's template; false when no node fits (the next pass tries again).</summary>
    private bool CreatePod(ResourceType type, JsonObject workload)
    {
        var ns = ControllerKit.Meta(workload, "namespace");
        var name = ControllerKit.Meta(workload, "name");
        var template = workload["spec"]?["template"]?.AsObject() ?? [];
        var spec = template["spec"]?.DeepClone().AsObject() ?? [];
        var node = NodePicker.Pick(spec, kit.State.ListShared("v1", "Node"), () => kit.State.ListShared("v1", "Pod"));
        if (node is null)
        {
            return false;
        }

        var podName = "";
        for (var i = 0; podName.Length == 0 || kit.State.Get("v1", "Pod", ns, podName) is not null; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            podName = type == ResourceCatalog.StatefulSets ? $"{name}-{index}" : $"{name}-{StableHash.NameSuffix(ns, name, ControllerKit.Meta(workload, "uid"), index)}";
        }

        var metadata = template["metadata"]?.DeepClone().AsObject() ?? [];
        metadata["name"] = podName;
        metadata["namespace"] = ns;
        metadata["ownerReferences"] = new JsonArray(ControllerKit.OwnerReference(workload));
        spec["nodeName"] = node;
        kit.Registry.Create(ResourceCatalog.Pods, ns, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec }, $"{type.Singular}-controller", dryRun: false);
        kit.SetStatus(ResourceCatalog.Pods, ns, podName, "kubelet", s =>
        {
            s["phase"] = "Running";
            s["startTime"] = ControllerKit.Stamp(kit.Options.Time.GetUtcNow());
        });
        kit.Event(workload, "Normal", "SuccessfulCreate", $"Created pod: {podName}");
        return true;
    }
}
