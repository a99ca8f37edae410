namespace GitOpsBackup.Specs.Model;

/// <summary>
/// A scheduled restore drill (spec.verify): restic check reads a share of the data, then each
/// volume's latest snapshot is restored into scratch space and must meet the rule. Fields left
/// null in an app's spec take BackupDefaults' value.
/// </summary>
public sealed record VerifyPolicy
{
    /// <summary>Whether the drill CronJob is rendered.</summary>
    public bool? Enabled { get; init; }

    /// <summary>When the drill runs (cron, macro or hashed form).</summary>
    public string? Schedule { get; init; }

    /// <summary>restic check --read-data-subset, e.g. "5%" or "500M"; "0" reads no data (structure only).</summary>
    public string? ReadDataSubset { get; init; }

    /// <summary>Per volume: at least this many files must be restored.</summary>
    public long? MinFiles { get; init; }

    /// <summary>Per volume: at least this many bytes must be restored.</summary>
    public long? MinBytes { get; init; }

    /// <summary>"&lt;volume&gt;/&lt;path&gt;" entries that must be present after the restore.</summary>
    public IReadOnlyList<string>? ExpectFiles { get; init; }

    /// <summary>This policy's values where set, else <paramref name="fallback"/>'s.</summary>
    public VerifyPolicy Over(VerifyPolicy fallback) => new()
    {
        Enabled = Enabled ?? fallback.Enabled,
        Schedule = Schedule ?? fallback.Schedule,
        ReadDataSubset = ReadDataSubset ?? fallback.ReadDataSubset,
        MinFiles = MinFiles ?? fallback.MinFiles,
        MinBytes = MinBytes ?? fallback.MinBytes,
        ExpectFiles = ExpectFiles ?? fallback.ExpectFiles,
    };
}
