using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Restoring;

/// <summary>
/// One restore, decided: which snapshot (or backed-up bucket), what is written where, and how big it
/// is. Printed by a dry run, rendered into a Job by <c>--apply</c>: what was printed is what runs.
/// </summary>
internal sealed record RestorePlan
{
    public required AppKey App { get; init; }

    /// <summary>The PVC or bucket being restored.</summary>
    public required string Volume { get; init; }

    /// <summary>An S3 bucket (rclone copy of its backup), not a PVC (restic snapshot).</summary>
    public bool Bucket { get; init; }

    /// <summary>PVCs: the chosen snapshot.</summary>
    public ResticSnapshot? Snapshot { get; init; }

    /// <summary>Why this snapshot: "the latest", "newest at or before ...", "asked for by id".</summary>
    public string? Choice { get; init; }

    /// <summary>Snapshots of this volume in the repository.</summary>
    public int SnapshotCount { get; init; }

    /// <summary>Where restic or rclone read from.</summary>
    public required string Source { get; init; }

    /// <summary>The PVC or bucket written to.</summary>
    public required string Target { get; init; }

    /// <summary>The target is created by the restore (a new PVC or bucket).</summary>
    public bool NewTarget { get; init; }

    public bool InPlace { get; init; }

    /// <summary>A new PVC's size request and storage class (null: the cluster's default).</summary>
    public string? TargetSize { get; init; }

    public string? StorageClass { get; init; }

    /// <summary>Where the size came from ("the live PVC", "the snapshot's size + 25%").</summary>
    public string? SizeSource { get; init; }

    /// <summary>Scaled to 0 before and back to their replicas after (--scale-down).</summary>
    public IReadOnlyList<Workload> ScaleDown { get; init; } = [];

    /// <summary>The uid the restore pod writes files as (restic restores no owners without root).</summary>
    public long RunAsUser { get; init; } = Rendering.PodSecurityRenderer.DefaultUser;

    /// <summary>Whether that uid is the spec's (spec.podSecurity.runAsUser) rather than the default.</summary>
    public bool RunAsUserFromSpec { get; init; }

    public required string JobName { get; init; }

    /// <summary>yyyyMMdd-HHmmss of the plan; names the Job and the folder live content is moved aside to.</summary>
    public required string Stamp { get; init; }
}
