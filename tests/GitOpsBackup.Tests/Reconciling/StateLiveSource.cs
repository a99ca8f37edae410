using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>
/// Reads the embedded cluster's store directly, so a fake-clock scenario sees every simulated change
/// at once (the watch cache is tested on its own, and end to end through <c>run</c>). Writes still go
/// through the API.
/// </summary>
internal sealed class StateLiveSource(ClusterState state) : ILiveSource
{
    public Task<LiveSnapshot> ReadAsync(RepoState repo, CancellationToken cancellationToken)
    {
        var cronJobs = Owned(state.List("batch/v1", "CronJob"));
        return Task.FromResult(new LiveSnapshot
        {
            CronJobs = cronJobs,
            Managed = cronJobs,
            Jobs = Owned(state.List("batch/v1", "Job")),
            Pods = state.List("v1", "Pod"),
            Claims = state.List("v1", "PersistentVolumeClaim"),
            Volumes = state.List("v1", "PersistentVolume"),
            Attachments = state.List("storage.k8s.io/v1", "VolumeAttachment"),
            Nodes = state.List("v1", "Node"),
        });
    }

    private static List<JsonObject> Owned(IReadOnlyList<JsonObject> items) =>
        items.Where(i => (string?)i["metadata"]?["labels"]?[Ownership.ManagedByLabel] == Ownership.ManagedByValue).ToList();
}
