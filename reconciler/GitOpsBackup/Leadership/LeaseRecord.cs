namespace GitOpsBackup.Leadership;

/// <summary>What a replica read of the <c>coordination.k8s.io/v1</c> Lease: who holds it, since when, until when.</summary>
internal sealed record LeaseRecord
{
    /// <summary>The holder's identity; empty when the lease was released.</summary>
    public string Holder { get; init; } = "";

    /// <summary>How long the holder's last renewal is good for (spec.leaseDurationSeconds).</summary>
    public TimeSpan Duration { get; init; }

    public DateTimeOffset? AcquireTime { get; init; }

    public DateTimeOffset? RenewTime { get; init; }

    /// <summary>How often the lease changed hands (spec.leaseTransitions).</summary>
    public int Transitions { get; init; }

    /// <summary>The version a write must name: two replicas writing the same version, one gets 409.</summary>
    public string ResourceVersion { get; init; } = "";

    /// <summary>When the holder's claim runs out; a lease never renewed has run out.</summary>
    public DateTimeOffset ExpiresAt => (RenewTime ?? AcquireTime ?? DateTimeOffset.MinValue) + Duration;
}
