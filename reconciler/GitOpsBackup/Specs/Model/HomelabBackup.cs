namespace GitOpsBackup.Specs.Model;

/// <summary>
/// One app's backup spec (kind HomelabBackup) as loaded: the schema's defaults applied, BackupDefaults'
/// not (null members take them at render time).
/// </summary>
public sealed record HomelabBackup
{
    /// <summary>metadata.name: the app's name, DNS-1123 label.</summary>
    public required string Name { get; init; }

    /// <summary>The namespace where the app's PVCs land (resolved from Flux, kustomize or metadata).</summary>
    public required string Namespace { get; init; }

    /// <summary>S3 bucket that restic and rclone write this app's backups into.</summary>
    public required string BackupBucket { get; init; }

    /// <summary>Cron schedule as written: 5 fields, a macro (@daily) or the hashed form (H 2 * * *); null = the default's.</summary>
    public string? Schedule { get; init; }

    /// <summary>IANA time zone of the schedule; null = the default's.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Stop scheduling new backups without removing anything.</summary>
    public required bool Suspend { get; init; }

    /// <summary>What to back up: PVCs (restic) and S3 buckets (rclone).</summary>
    public required IReadOnlyList<BackupVolume> Volumes { get; init; }

    /// <summary>Database dumps streamed into restic.</summary>
    public required IReadOnlyList<DatabaseDump> Dumps { get; init; }

    /// <summary>An empty source (0-byte dump, empty PVC or bucket) counts as a success.</summary>
    public required bool AllowEmpty { get; init; }

    /// <summary>restic forget policy; null = the default's.</summary>
    public RetentionPolicy? Retention { get; init; }

    /// <summary>Whether this app's backup bucket is copied onto the external disk.</summary>
    public required bool ExternalClone { get; init; }

    /// <summary>Backup pod resources; null = the default's.</summary>
    public ComputeResources? Resources { get; init; }

    /// <summary>Who the backup pod runs as; null = restricted defaults.</summary>
    public PodSecurity? PodSecurity { get; init; }

    /// <summary>The restore drill; null = BackupDefaults' verify as it is.</summary>
    public VerifyPolicy? Verify { get; init; }

    /// <summary>This app's notification blocks; null = BackupDefaults' as they are.</summary>
    public Notifications? Notifications { get; init; }

    /// <summary>Where the document starts (file is repo-relative, forward slashes).</summary>
    public required SourceLocation Location { get; init; }

    public AppKey Key => new(Namespace, Name);
}

/// <summary>One thing to back up. external: false = a PVC in the app's namespace; true = an S3 bucket.</summary>
public sealed record BackupVolume(string Name, bool External)
{
    public SourceLocation? Location { get; init; }
}

/// <summary>How many snapshots restic keeps per period (restic forget --keep-*).</summary>
public sealed record RetentionPolicy(int Daily, int Weekly, int Monthly, int Yearly)
{
    public bool KeepsNothing => Daily <= 0 && Weekly <= 0 && Monthly <= 0 && Yearly <= 0;
}

/// <summary>Requests and limits for the backup container, in Kubernetes quantity syntax.</summary>
public sealed record ComputeResources(string? RequestsCpu, string? RequestsMemory, string? LimitsCpu, string? LimitsMemory);

/// <summary>
/// The pod's identity. Restricted by default (non-root). ReadAllFiles is the explicit, documented
/// way to read files owned by other users: it runs as root with CAP_DAC_READ_SEARCH only.
/// </summary>
public sealed record PodSecurity(long? RunAsUser, long? RunAsGroup, long? FsGroup, bool ReadAllFiles);
