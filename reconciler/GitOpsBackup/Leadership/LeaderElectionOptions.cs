namespace GitOpsBackup.Leadership;

/// <summary>
/// The Lease and its timing, as client-go's leaderelection takes them. A leader that cannot renew for
/// <see cref="RenewDeadline"/> stops leading; the others may take over only after
/// <see cref="LeaseDuration"/>, so the gap between the two is the margin in which a lost leader stops writing.
/// </summary>
internal sealed record LeaderElectionOptions
{
    public string LeaseName { get; init; } = "gitops-backup";

    public string LeaseNamespace { get; init; } = "default";

    /// <summary>Unique per replica (pod name and a random suffix by default).</summary>
    public required string Identity { get; init; }

    /// <summary>How long a standby waits after the last renewal before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often every replica tries the Lease (the leader renews, a standby looks).</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Null when usable; else what to change (client-go's own rule: duration &gt; deadline &gt; retry period).</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(Identity) ? "the leader-election identity is empty: give --identity or set HOSTNAME"
        : LeaseDuration <= RenewDeadline ? $"--lease-duration ({LeaseDuration.TotalSeconds:0.###}s) must be longer than --renew-deadline ({RenewDeadline.TotalSeconds:0.###}s)"
        : RenewDeadline <= RetryPeriod ? $"--renew-deadline ({RenewDeadline.TotalSeconds:0.###}s) must be longer than --retry-period ({RetryPeriod.TotalSeconds:0.###}s)"
        : null;
}
