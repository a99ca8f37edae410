namespace GitOpsBackup.EmbeddedCluster;

/// <summary>How to start an <see cref="EmbeddedKubernetes"/>.</summary>
public sealed record EmbeddedClusterOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Clock for creationTimestamp, managedFields times, ages and the simulation.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How many changes watches can resume from; older resourceVersions get 410 Expired.</summary>
    public int WatchHistory { get; init; } = 10_000;

    /// <summary>Run the control-plane simulation (CronJobs fire Jobs, Jobs run and finish).</summary>
    public bool Simulate { get; init; }

    /// <summary>How long a simulated Job runs before it succeeds.</summary>
    public TimeSpan SimulatedJobDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the simulation looks at the cluster (on <see cref="Time"/>).</summary>
    public TimeSpan SimulationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Nodes the simulation creates at start when there are none.</summary>
    public IReadOnlyList<string> SimulatedNodes { get; init; } = ["node-1", "node-2"];
}
