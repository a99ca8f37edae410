namespace GitOpsBackup.Reporting;

/// <summary>What <c>status</c> shows: per app, per node, and tonight. Built from the cluster alone, so it works from a laptop.</summary>
internal sealed record StatusReport(DateTimeOffset At, IReadOnlyList<AppStatus> Apps, IReadOnlyList<NodeStatus> Nodes, NightStatus Night)
{
    /// <summary>Every backup Job in the cluster, oldest first: what the night's timeline draws.</summary>
    public IReadOnlyList<RunRecord> Runs { get; init; } = [];

    /// <summary>Every external-clone Job in the cluster (the last few nights), oldest night first.</summary>
    public IReadOnlyList<CloneRecord> Clones { get; init; } = [];
}

/// <summary>One app's backups: schedule and next run in its time zone, the last run and how it ended, and how old the last success is.</summary>
internal sealed record AppStatus
{
    public required string Namespace { get; init; }

    public required string App { get; init; }

    public required string Schedule { get; init; }

    public required string TimeZone { get; init; }

    public bool Suspended { get; init; }

    /// <summary>The next scheduled run, in UTC (printed in the app's time zone).</summary>
    public DateTimeOffset? NextRun { get; init; }

    public string? Node { get; init; }

    public string? LastJob { get; init; }

    public DateTimeOffset? LastRunAt { get; init; }

    /// <summary>ok, partial, empty, failed, deadline, unplaceable, running, "waiting: why", or never; a run that was not ok adds ": reason" when its script said why (e.g. "failed: empty-dump").</summary>
    public required string LastOutcome { get; init; }

    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>The bytes restic added in the last successful run, when its script reported them (gitops_backup_app_last_bytes_added).</summary>
    public long? LastBytesAdded { get; init; }

    /// <summary>No success for longer than the overdue limit (26 h by default), or none at all since the CronJob exists that long.</summary>
    public bool Overdue { get; init; }

    /// <summary>When the app was last proven restorable: the end of its newest passed restore drill (the metric gitops_backup_app_last_verified_timestamp_seconds).</summary>
    public DateTimeOffset? LastVerified { get; init; }

    /// <summary>The newest restore drill: passed, failed, running or never; null when the app has no drill.</summary>
    public string? Drill { get; init; }
}

/// <summary>Backup Jobs running on a node, and those waiting for it.</summary>
internal sealed record NodeStatus(string Node, IReadOnlyList<string> Running, IReadOnlyList<string> Queued);

/// <summary>The last 24 hours of scheduled backups, and the latest external clone.</summary>
/// <param name="CloneState">not created, running, succeeded, partial, refused or failed.</param>
/// <param name="CloneReason">Why the clone was created when it was (from the night's summary).</param>
internal sealed record NightStatus(int Done, int Failed, int Total, string? CloneJob, string CloneState, string? CloneReason)
{
    /// <summary>Why the clone was not ok, as clone.sh said it (disk-full, wrong-disk, …).</summary>
    public string? CloneOutcomeReason { get; init; }

    /// <summary>The night's cycle date, start and latest start: from the repo's ExternalClone when the caller has it, else from the latest clone's summary.</summary>
    public DateOnly? Cycle { get; init; }

    public DateTimeOffset? CycleStart { get; init; }

    public DateTimeOffset? LatestStart { get; init; }
}
