namespace GitOpsBackup.Restoring;

/// <summary>What the user asked <c>gitops-backup restore</c> for (its options, parsed).</summary>
internal sealed record RestoreRequest
{
    /// <summary>The PVC or bucket to restore; null: the app's only volume.</summary>
    public string? Volume { get; init; }

    /// <summary>A snapshot id or unique id prefix; excludes <see cref="AsOf"/>.</summary>
    public string? SnapshotId { get; init; }

    /// <summary>The newest snapshot taken at or before this time.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>A new PVC to restore into; null: &lt;volume&gt;-restore-&lt;yyyyMMdd-HHmm&gt;.</summary>
    public string? ToPvc { get; init; }

    /// <summary>Buckets: the bucket to copy the backup into (never the live one without <see cref="InPlace"/>).</summary>
    public string? ToBucket { get; init; }

    /// <summary>Write over the live PVC or bucket.</summary>
    public bool InPlace { get; init; }

    /// <summary>With <see cref="InPlace"/>: scale the workloads mounting the PVC to 0 for the restore, and back after.</summary>
    public bool ScaleDown { get; init; }

    /// <summary>A database dump (spec.dumps[].name) to restore instead of a volume.</summary>
    public string? Dump { get; init; }

    /// <summary>Dumps: the existing, empty database to load into; null: the dump's own (with <see cref="InPlace"/> only).</summary>
    public string? ToDatabase { get; init; }
}
