using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>The attach/detach controller, simplified: a bound claim is attached to its node.</summary>
internal sealed class VolumeAttacher(ControllerKit kit)
{
    /// <summary>A bound PVC is attached to the node that uses it (its selected-node annotation, else the first node).</summary>
    public void Attach()
    {
        var attached = kit.State.List("storage.k8s.io/v1", "VolumeAttachment")
            .Select(v => JsonTree.GetString(v, "spec", "source", "persistentVolumeName")).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in kit.State.List("v1", "PersistentVolumeClaim"))
        {
            var volume = JsonTree.GetString(claim, "spec", "volumeName");
            if (volume is null || attached.Contains(volume))
            {
                continue;
            }

            var node = JsonTree.GetString(claim, "metadata", "annotations", "volume.kubernetes.io/selected-node")
                ?? kit.State.List("v1", "Node").Select(n => ControllerKit.Meta(n, "name")).FirstOrDefault();
            if (node is null)
            {
                continue;
            }

            kit.State.Seed(new JsonObject
            {
                ["apiVersion"] = "storage.k8s.io/v1",
                ["kind"] = "VolumeAttachment",
                ["metadata"] = new JsonObject { ["name"] = $"csi-simulated-{volume}" },
                ["spec"] = new JsonObject
                {
                    ["attacher"] = "simulated.csi.gitops-backup",
                    ["nodeName"] = node,
                    ["source"] = new JsonObject { ["persistentVolumeName"] = volume },
                },
                ["status"] = new JsonObject { ["attached"] = true },
            });
        }
    }
}
