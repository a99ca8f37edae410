using GitOpsBackup.Cluster;

namespace GitOpsBackup.Reconciling;

/// <summary>The live state of <c>run</c>: snapshots of the watch cache, so a pass sends no request of its own.</summary>
internal sealed class CachedLiveSource(WatchCache cache) : ILiveSource
{
    public Task<LiveSnapshot> ReadAsync(RepoState state, CancellationToken cancellationToken) => Task.FromResult(Read(cache));

    public static LiveSnapshot Read(WatchCache cache)
    {
        var cronJobs = cache.Snapshot(WatchedKind.CronJobs);
        return new LiveSnapshot
        {
            CronJobs = cronJobs,
            Managed = cronJobs,
            Jobs = cache.Snapshot(WatchedKind.Jobs),
            Pods = cache.Snapshot(WatchedKind.Pods),
            Claims = cache.Snapshot(WatchedKind.PersistentVolumeClaims),
            Volumes = cache.Snapshot(WatchedKind.PersistentVolumes),
            Attachments = cache.Snapshot(WatchedKind.VolumeAttachments),
            Nodes = cache.Snapshot(WatchedKind.Nodes),
        };
    }
}
