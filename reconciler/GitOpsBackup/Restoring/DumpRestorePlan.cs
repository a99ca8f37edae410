using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Restoring;

/// <summary>
/// One dump's restore, decided: which snapshot, and which database (or file) it is loaded into.
/// Printed by a dry run, rendered into a Job by <c>--apply</c>: what was printed is what runs.
/// </summary>
internal sealed record DumpRestorePlan
{
    public required AppKey App { get; init; }

    /// <summary>The dump as the spec declares it (engine, host, database, Secret reference).</summary>
    public required DatabaseDump Dump { get; init; }

    public required ResticSnapshot Snapshot { get; init; }

    /// <summary>Why this snapshot: "the latest", "newest at or before ...", "asked for by id".</summary>
    public required string Choice { get; init; }

    /// <summary>Snapshots of this dump in the repository.</summary>
    public int SnapshotCount { get; init; }

    /// <summary>The restic repository read from.</summary>
    public required string Repository { get; init; }

    /// <summary>postgres, mariadb: the database loaded into; null: the dump's own (in place).</summary>
    public string? TargetDatabase { get; init; }

    /// <summary>Into a database that may already hold tables (the script's emptiness check is skipped).</summary>
    public bool InPlace { get; init; }

    public required string JobName { get; init; }

    /// <summary>yyyyMMdd-HHmmss of the plan; names the Job and a SQLite copy.</summary>
    public required string Stamp { get; init; }

    /// <summary>The database the load goes to.</summary>
    public string Database => TargetDatabase ?? Dump.Database ?? "";

    /// <summary>sqlite: the restored copy beside the live file, relative to its PVC.</summary>
    public string SqliteCopy => $"{Dump.Path}.restored-{Stamp}";
}
