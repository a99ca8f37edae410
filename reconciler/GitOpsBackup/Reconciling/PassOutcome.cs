using GitOpsBackup.Admission;
using GitOpsBackup.Cluster;
using GitOpsBackup.Cycle;
using GitOpsBackup.Planning;
using GitOpsBackup.Source;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// What one pass did, and when it wants to run next. <see cref="Kind"/> is decided in
/// <see cref="Decide"/> only; callers (the loop, the CLI, status) read it, never re-derive it.
/// </summary>
internal sealed record PassOutcome
{
    public required PassKind Kind { get; init; }

    /// <summary>The revision the desired state came from (the last good one when the source failed); null before any.</summary>
    public string? Revision { get; init; }

    /// <summary>Whether this pass loaded and rendered (false for an unchanged revision).</summary>
    public bool Rendered { get; init; }

    public ChangeSet? Plan { get; init; }

    public ApplyReport? Applied { get; init; }

    public AdmissionPlan? Admission { get; init; }

    /// <summary>The admission and cycle writes this pass made (patches, deletes, creates), and those that failed.</summary>
    public IReadOnlyList<string> JobWrites { get; init; } = [];

    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The source's failure when the poll failed (the same instance while it backs off), for metrics; null when it answered.</summary>
    public SourceResult.Failed? SourceError { get; init; }

    public CycleDecision? Night { get; init; }

    /// <summary>How long the pass took (set by the loop).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>When the loop should run the next pass at the latest (a source back-off, the cycle's latest start).</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    public static PassKind Decide(bool sourceFailed, bool clusterFailed, int writes, int failures) =>
        clusterFailed ? PassKind.ClusterFailed
        : failures > 0 ? PassKind.Partial
        : sourceFailed ? PassKind.SourceFailed
        : writes > 0 ? PassKind.Applied
        : PassKind.NoChange;
}
