namespace GitOpsBackup.Reporting;

/// <summary>
/// One backup Job's life, as the night's timeline draws it: created (suspended, waiting), admitted
/// (un-suspended: its start time), finished, and how it ended.
/// </summary>
internal sealed record RunRecord
{
    public required string Namespace { get; init; }

    public required string App { get; init; }

    public required string Job { get; init; }

    /// <summary>Where it ran, or the node it is pinned to while waiting; null when not placed.</summary>
    public string? Node { get; init; }

    /// <summary>Started by hand (<c>gitops-backup backup</c>, <c>kubectl create job --from</c>), not by the schedule.</summary>
    public bool Manual { get; init; }

    /// <summary>When the CronJob fired it, else when the Job was created.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>When admission let it run (the Job's start time).</summary>
    public DateTimeOffset? Admitted { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>ok, partial, empty, failed, deadline, unplaceable, running or waiting.</summary>
    public required string Outcome { get; init; }
}
