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

    /// <summary>
    /// Run the control-plane simulation in the background, every <see cref="SimulationInterval"/>
    /// (CronJobs fire Jobs, Jobs run and finish). Without it, <see cref="EmbeddedKubernetes.Tick"/> still runs one pass.
    /// </summary>
    public bool Simulate { get; init; }

    /// <summary>How long a simulated Job runs (the shortest, when <see cref="SimulatedJobDurationMax"/> is set).</summary>
    public TimeSpan SimulatedJobDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When set (and longer than <see cref="SimulatedJobDuration"/>), each Job runs for a duration
    /// between the two, drawn from <see cref="Seed"/> and the Job's namespace and name: the same
    /// seed gives the same night.
    /// </summary>
    public TimeSpan? SimulatedJobDurationMax { get; init; }

    /// <summary>Seed of the simulation's deterministic choices (Job durations).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Apps whose backups fail: a Job whose <c>backup.homelab.dev/app</c> label (on the Job or its
    /// pod template) is in the set exits 1.
    /// </summary>
    public IReadOnlySet<string> FailApps { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>How often the simulation looks at the cluster (on <see cref="Time"/>).</summary>
    public TimeSpan SimulationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Nodes node-1 … node-N created at start (with or without <see cref="Simulate"/>). When null,
    /// <see cref="SimulatedNodes"/> are created if <see cref="Simulate"/> is on.
    /// </summary>
    public int? Nodes { get; init; }

    /// <summary>Nodes the simulation creates at start when <see cref="Nodes"/> is not set.</summary>
    public IReadOnlyList<string> SimulatedNodes { get; init; } = ["node-1", "node-2"];

    /// <summary>The node names to create at start: none when neither <see cref="Nodes"/> nor <see cref="Simulate"/> is set.</summary>
    internal IReadOnlyList<string> InitialNodes =>
        Nodes is { } count ? [.. Enumerable.Range(1, Math.Max(0, count)).Select(i => $"node-{i}")] : Simulate ? SimulatedNodes : [];
}
