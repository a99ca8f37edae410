namespace GitOpsBackup.Reporting;

/// <summary>
/// Everything the night's page shows, already chosen and positioned in time (see
/// <see cref="NightViewBuilder"/>); <see cref="NightPage"/> only draws it.
/// </summary>
internal sealed record NightView
{
    /// <summary>When the page was made (the clock of the report).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The night shown; null when there is no cycle (no ExternalClone): the last 24 hours.</summary>
    public DateOnly? Cycle { get; init; }

    /// <summary>The clock offset times are printed in: the clone zone's at the cycle start, else UTC.</summary>
    public TimeSpan Offset { get; init; }

    /// <summary>The time axis, whole hours around everything drawn.</summary>
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public DateTimeOffset? CycleStart { get; init; }

    public DateTimeOffset? LatestStart { get; init; }

    /// <summary>One lane per node that ran (or waits for) a backup this night, by name; "not placed" last for Jobs without a node.</summary>
    public required IReadOnlyList<TimelineRow> Nodes { get; init; }

    /// <summary>The night's external clone, when it was created.</summary>
    public TimelineRow? CloneLane { get; init; }

    /// <summary>When the night's last backup finished: where the clone may start.</summary>
    public DateTimeOffset? LastBackupEnded { get; init; }

    /// <summary>The per-app table of <c>status</c>.</summary>
    public required IReadOnlyList<AppStatus> Apps { get; init; }

    /// <summary>One line about the night: backups done, not ok, and the clone.</summary>
    public required string Summary { get; init; }

    /// <summary>Apps ("namespace/app") whose last restore drill failed: said under the summary, as loud as a failed backup.</summary>
    public IReadOnlyList<string> FailedDrills { get; init; } = [];

    /// <summary>Drawn from the embedded cluster's simulation (demo): said on the page.</summary>
    public bool Simulated { get; init; }
}
