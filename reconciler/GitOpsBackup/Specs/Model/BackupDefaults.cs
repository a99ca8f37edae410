namespace GitOpsBackup.Specs.Model;

/// <summary>
/// Repository-wide settings (kind BackupDefaults). At most one per repo. Defaults come from the
/// schema (ModelBuilder reads through them), never from initialisers here.
/// </summary>
public sealed record BackupDefaults
{
    /// <summary>The S3 endpoint both restic and rclone talk to, e.g. https://rgw.lan:443.</summary>
    public required string S3Endpoint { get; init; }

    /// <summary>S3 region; most self-hosted servers accept us-east-1.</summary>
    public required string S3Region { get; init; }

    /// <summary>Secret (in each app namespace) holding the S3 access key id and secret key.</summary>
    public required SecretKeys S3Credentials { get; init; }

    /// <summary>Secret key reference holding the restic repository password.</summary>
    public required SecretKeyRef ResticPassword { get; init; }

    /// <summary>Optional Secret key holding a PEM CA bundle for a self-signed S3 endpoint.</summary>
    public SecretKeyRef? S3CaBundle { get; init; }

    /// <summary>Image with restic, rclone and a POSIX shell, pinned by digest.</summary>
    public required string BackupImage { get; init; }

    /// <summary>Image for the external clone (rclone, mount, a shell), pinned by digest.</summary>
    public required string CloneImage { get; init; }

    /// <summary>Schedule of apps that set none.</summary>
    public required string Schedule { get; init; }

    /// <summary>Time zone of apps that set none.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Retention of apps that set none.</summary>
    public required RetentionPolicy Retention { get; init; }

    /// <summary>How many backup Jobs may run at once on one node.</summary>
    public required int MaxBackupsPerNode { get; init; }

    /// <summary>Backup pod resources of apps that set none.</summary>
    public required ComputeResources Resources { get; init; }

    /// <summary>The restore drill of every app (apps override it field by field); every field set.</summary>
    public required VerifyPolicy Verify { get; init; }

    /// <summary>Pings and messages about backups; none unless set.</summary>
    public required Notifications Notifications { get; init; }

    /// <summary>When set, the only namespaces apps may land in; null allows every namespace.</summary>
    public IReadOnlyList<string>? AllowedNamespaces { get; init; }

    /// <summary>Where <see cref="AllowedNamespaces"/> is written, for the fix in an error.</summary>
    public SourceLocation? AllowedNamespacesLocation { get; init; }

    public required SourceLocation Location { get; init; }
}

/// <summary>A Secret and the keys of the S3 access key id and secret access key within it.</summary>
public sealed record SecretKeys(string SecretName, string AccessKeyIdKey, string SecretAccessKeyKey);

/// <summary>One key of one Secret (in the namespace of the pod that reads it).</summary>
public sealed record SecretKeyRef(string SecretName, string Key);
