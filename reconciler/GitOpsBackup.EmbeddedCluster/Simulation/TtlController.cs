using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>The TTL-after-finished controller: a finished Job with <c>ttlSecondsAfterFinished</c> is deleted (with its pods) that long after it finished.</summary>
internal sealed class TtlController(ControllerKit kit)
{
    public void Collect(DateTimeOffset now)
    {
        foreach (var job in kit.State.ListShared("batch/v1", "Job"))
        {
            var ttl = job["spec"]?["ttlSecondsAfterFinished"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            if (ttl is { } keep && ControllerKit.Finished(job) && ControllerKit.FinishedAt(job) is { } finished && now >= finished + keep)
            {
                ControllerKit.Guard(() => kit.Delete(ResourceCatalog.Jobs, job));
            }
        }
    }
}
