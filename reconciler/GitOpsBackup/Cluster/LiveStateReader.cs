using GitOpsBackup.Planning;

namespace GitOpsBackup.Cluster;

/// <summary>Reads what we manage: one cluster-wide list per kind, filtered by our label on the server.</summary>
internal static class LiveStateReader
{
    public static readonly string Selector = $"{Ownership.ManagedByLabel}={Ownership.ManagedByValue}";

    public static async Task<IReadOnlyList<LiveObject>> ReadAsync(KubernetesApi api, IEnumerable<ManagedKind> kinds, CancellationToken cancellationToken)
    {
        var live = new List<LiveObject>();
        foreach (var kind in kinds)
        {
            foreach (var item in await api.ListAsync(kind, Selector, cancellationToken))
            {
                live.Add(LiveObject.FromJson(item));
            }
        }

        return live;
    }
}
