using GitOpsBackup.Cluster;
using k8s;

namespace GitOpsBackup.Reconciling;

/// <summary>One look at the cluster for one-shot verbs (status, backup, contract tests): every watched kind listed once, then closed.</summary>
internal sealed class LiveReader(IKubernetes client, TimeProvider time) : ILiveSource
{
    public Task<LiveSnapshot> ReadAsync(RepoState state, CancellationToken cancellationToken) => ReadOnceAsync(client, time, cancellationToken);

    public static async Task<LiveSnapshot> ReadOnceAsync(IKubernetes client, TimeProvider time, CancellationToken ct)
    {
        await using var cache = await WatchCache.StartAsync(client, WatchedKind.Reconciler, time, ct);
        return CachedLiveSource.Read(cache);
    }
}
