namespace GitOpsBackup.Reporting;

/// <summary>One external-clone Job: its night, when it was created, ran and ended, and the night's window from its summary.</summary>
internal sealed record CloneRecord
{
    public required string Namespace { get; init; }

    public required string Job { get; init; }

    /// <summary>The night it belongs to (its cycle label); null on a Job whose label was edited.</summary>
    public DateOnly? Cycle { get; init; }

    public string? Node { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    /// <summary>ok, partial (the disk filled up), refused (nothing written), failed or running.</summary>
    public required string Outcome { get; init; }

    /// <summary>Why it was not ok, as clone.sh said it (disk-full, wrong-disk, …); null when ok or unsaid.</summary>
    public string? OutcomeReason { get; init; }

    /// <summary>Why it was created when it was (from the night's summary).</summary>
    public string? Reason { get; init; }

    /// <summary>The night's cycle start and latest start, in the clone zone's offset, when known.</summary>
    public DateTimeOffset? CycleStart { get; init; }

    public DateTimeOffset? LatestStart { get; init; }
}
