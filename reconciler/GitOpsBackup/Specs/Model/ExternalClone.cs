namespace GitOpsBackup.Specs.Model;

/// <summary>
/// The night's external-disk copy (kind ExternalClone). At most one per repo; repo-wide only,
/// because device mode needs privilege and a per-app spec must never grant that. Defaults come from
/// the schema (ModelBuilder reads through them), never from initialisers here.
/// </summary>
public sealed record ExternalClone
{
    /// <summary>Namespace the clone Job runs in (it needs the S3 credentials Secret there too).</summary>
    public required string Namespace { get; init; }

    /// <summary>The node the external disk is plugged into.</summary>
    public required string NodeName { get; init; }

    public required CloneMode Mode { get; init; }

    /// <summary>Device mode: the block device, e.g. /dev/disk/by-uuid/…, mounted only for the run.</summary>
    public string? DevicePath { get; init; }

    /// <summary>Device mode: filesystem type passed to mount (null in volume mode).</summary>
    public string? FsType { get; init; }

    /// <summary>Volume mode: a PVC bound to a local PV on the disk's node.</summary>
    public string? ClaimName { get; init; }

    /// <summary>The id the disk's marker file must carry (gitops-backup disk init); the clone copies onto no other disk.</summary>
    public required string DiskId { get; init; }

    /// <summary>Device mode: the filesystem UUID the device must carry before it is mounted; null = not checked.</summary>
    public string? DiskUuid { get; init; }

    /// <summary>What rclone check compares after the copy.</summary>
    public required CloneVerify Verify { get; init; }

    /// <summary>Folder on the disk under which each bucket gets a folder of its name.</summary>
    public required string TargetPath { get; init; }

    /// <summary>Copy the backup buckets of all apps that did not opt out.</summary>
    public required bool IncludeAppBuckets { get; init; }

    /// <summary>More buckets to copy, e.g. workstation /home backups.</summary>
    public required IReadOnlyList<string> ExtraBuckets { get; init; }

    /// <summary>sync (deletes on the disk, guarded by MaxDelete) instead of copy.</summary>
    public required bool Sync { get; init; }

    /// <summary>With Sync: rclone --max-delete, aborting a sync that would delete more.</summary>
    public required int MaxDelete { get; init; }

    /// <summary>Local time the night's cycle starts (HH:mm); backups before belong to the previous cycle.</summary>
    public required string CycleStart { get; init; }

    /// <summary>Latest local time (HH:mm) to wait for backups; then the clone runs with what finished.</summary>
    public required string LatestStart { get; init; }

    /// <summary>IANA time zone of the two times.</summary>
    public required string TimeZone { get; init; }

    public required SourceLocation Location { get; init; }
}

public enum CloneMode
{
    Device,
    Volume,
}

public enum CloneVerify
{
    /// <summary>Sizes, and hashes where both sides have one (reads every copied file back).</summary>
    Hash,

    /// <summary>Sizes only.</summary>
    Size,
}
