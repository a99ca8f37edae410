using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// The attach/detach controller, simplified. A bound claim (<c>spec.volumeName</c>) without a
/// VolumeAttachment is attached to its <c>volume.kubernetes.io/selected-node</c>, else the first
/// node. Attachments follow the app: when a running pod that is not a Job's pod mounts a bound
/// claim on node Y and no running app pod on the attachment's node still uses it, the attachment
/// moves to Y (deleted and created again, as detach then attach). Job pods (backups, clones;
/// also orphaned ones, by their job-name label) never move a volume: the reconciler must place
/// them where the volume is.
/// </summary>
internal sealed class VolumeAttacher(ControllerKit kit)
{
    private const string AttachmentKind = "VolumeAttachment";

    public void Attach()
    {
        var attachments = Attachments();
        var nodes = kit.State.ListShared("v1", "Node").Select(n => ControllerKit.Meta(n, "name")).ToList();
        var appPods = kit.State.ListShared("v1", "Pod").Where(IsRunningAppPod).ToList();
        foreach (var claim in kit.State.ListShared("v1", "PersistentVolumeClaim"))
        {
            if (JsonTree.GetString(claim, "spec", "volumeName") is not { } volume)
            {
                continue;
            }

            var users = appPods.Where(p => Mounts(p, claim)).Select(p => JsonTree.GetString(p, "spec", "nodeName")!).ToList();
            var current = attachments.GetValueOrDefault(volume);
            var currentNode = current is null ? null : JsonTree.GetString(current, "spec", "nodeName");
            if (currentNode is not null && (users.Count == 0 || users.Contains(currentNode)))
            {
                continue; // attached where it is used, or nobody uses it: leave it
            }

            var node = users.Order(StringComparer.Ordinal).FirstOrDefault()
                ?? JsonTree.GetString(claim, "metadata", "annotations", "volume.kubernetes.io/selected-node")
                ?? nodes.FirstOrDefault();
            if (node is null || node == currentNode)
            {
                continue;
            }

            ControllerKit.Guard(() =>
            {
                if (current is not null)
                {
                    kit.Delete(ResourceCatalog.VolumeAttachments, current);
                }

                kit.State.Seed(Attachment(volume, node));
            });
        }
    }

    /// <summary>The VolumeAttachment a CSI attacher would create for a volume on a node.</summary>
    public static JsonObject Attachment(string volume, string node) => new()
    {
        ["apiVersion"] = "storage.k8s.io/v1",
        ["kind"] = AttachmentKind,
        ["metadata"] = new JsonObject { ["name"] = $"csi-simulated-{volume}" },
        ["spec"] = new JsonObject
        {
            ["attacher"] = "simulated.csi.gitops-backup",
            ["nodeName"] = node,
            ["source"] = new JsonObject { ["persistentVolumeName"] = volume },
        },
        ["status"] = new JsonObject { ["attached"] = true },
    };

    private Dictionary<string, JsonObject> Attachments()
    {
        var byVolume = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var attachment in kit.State.ListShared("storage.k8s.io/v1", AttachmentKind))
        {
            if (JsonTree.GetString(attachment, "spec", "source", "persistentVolumeName") is { } volume)
            {
                byVolume.TryAdd(volume, attachment);
            }
        }

        return byVolume;
    }

    private static bool IsRunningAppPod(JsonObject pod) =>
        JsonTree.GetString(pod, "status", "phase") == "Running"
        && JsonTree.GetString(pod, "spec", "nodeName") is not null
        && !JobController.IsJobPod(pod);

    private static bool Mounts(JsonObject pod, JsonObject claim) =>
        ControllerKit.Meta(pod, "namespace") == ControllerKit.Meta(claim, "namespace")
        && pod["spec"]?["volumes"] is JsonArray volumes
        && volumes.Any(v => v?["persistentVolumeClaim"]?["claimName"]?.ToString() == ControllerKit.Meta(claim, "name"));
}
