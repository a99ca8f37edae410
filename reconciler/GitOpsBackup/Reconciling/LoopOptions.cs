namespace GitOpsBackup.Reconciling;

/// <summary>How often <c>run</c> passes and resyncs.</summary>
internal sealed record LoopOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A relist of every watched kind this often, to find drift a watch missed.</summary>
    public TimeSpan Resync { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>±share of the interval, so replicas and restarts do not poll git in step.</summary>
    public double Jitter { get; init; } = 0.1;

    /// <summary>One pass, then stop (<c>run --once</c>).</summary>
    public bool Once { get; init; }

    /// <summary>
    /// With <c>--leader-elect</c>: completes once this replica leads. The loop awaits it before its first
    /// pass, so a standby reads (its watch cache stays warm) but never writes. Null: always leading.
    /// </summary>
    public Func<CancellationToken, Task>? UntilLeading { get; init; }

    /// <summary>The jitter's source; tests pass a seeded one.</summary>
    public Random Random { get; init; } = new();
}
