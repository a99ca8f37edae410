using GitOpsBackup.EmbeddedCluster.Store;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>What the control plane and nodes would do for our objects (CronJobs firing, Jobs finishing).</summary>
internal sealed class Simulator : IAsyncDisposable
{
    private Simulator()
    {
    }

    public static Simulator Start(ClusterState state, Registry registry, EmbeddedClusterOptions options)
    {
        _ = state;
        _ = registry;
        _ = options;
        return new Simulator();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
