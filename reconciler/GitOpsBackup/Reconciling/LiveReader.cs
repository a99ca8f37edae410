using GitOpsBackup.Cluster;
using k8s;

namespace GitOpsBackup.Reconciling;

/// <summary>One look at the cluster for one-shot verbs (status, backup): list every watched kind once, then close.</summary>
internal static class LiveReader
{
    public static async Task<LiveSnapshot> ReadOnceAsync(IKubernetes client, TimeProvider time, CancellationToken ct)
    {
        await using var cache = await WatchCache.StartAsync(client, WatchedKind.Reconciler, time, ct);
        return CachedLiveSource.Read(cache);
    }
}
