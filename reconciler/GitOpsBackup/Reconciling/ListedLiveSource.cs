using GitOpsBackup.Cluster;

namespace GitOpsBackup.Reconciling;

/// <summary>The live state of one-shot verbs (plan, apply): one labelled list per managed kind, nothing cached.</summary>
internal sealed class ListedLiveSource(KubernetesApi api) : ILiveSource
{
    public async Task<LiveSnapshot> ReadAsync(RepoState state, CancellationToken cancellationToken)
    {
        var managed = new List<System.Text.Json.Nodes.JsonObject>();
        foreach (var kind in ManagedKind.For(state.Desired))
        {
            managed.AddRange(await api.ListAsync(kind, LiveStateReader.Selector, cancellationToken));
        }

        return new LiveSnapshot
        {
            Managed = managed,
            CronJobs = managed.Where(o => (string?)o["kind"] == ManagedKind.CronJob.Kind).ToList(),
        };
    }
}
