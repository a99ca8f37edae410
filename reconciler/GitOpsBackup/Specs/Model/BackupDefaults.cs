namespace GitOpsBackup.Specs.Model;

/// <summary>Repository-wide settings (kind BackupDefaults). At most one per repo.</summary>
public sealed record BackupDefaults
{
    /// <summary>The S3 endpoint both restic and rclone talk to, e.g. https://rgw.lan:443.</summary>
    public required string S3Endpoint { get; init; }

    /// <summary>S3 region; most self-hosted servers accept us-east-1.</summary>
    public string S3Region { get; init; } = "us-east-1";

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

    public string Schedule { get; init; } = "H 2 * * *";

    public string TimeZone { get; init; } = "UTC";

    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Seed;

    /// <summary>How many backup Jobs may run at once on one node (the seed: one, for a 1 Gbps link).</summary>
    public int MaxBackupsPerNode { get; init; } = 1;

    public ComputeResources Resources { get; init; } = new("50m", "128Mi", null, "1Gi");

    /// <summary>The restore drill of every app (apps override it field by field); off unless enabled.</summary>
    public VerifyPolicy Verify { get; init; } = VerifyPolicy.Default;

    /// <summary>When set, the only namespaces apps may land in; null allows every namespace.</summary>
    public IReadOnlyList<string>? AllowedNamespaces { get; init; }

    /// <summary>Where <see cref="AllowedNamespaces"/> is written, for the fix in an error.</summary>
    public SourceLocation? AllowedNamespacesLocation { get; init; }

    public required SourceLocation Location { get; init; }
}

/// <summary>A Secret and the keys of the S3 access key id and secret access key within it.</summary>
public sealed record SecretKeys(string SecretName, string AccessKeyIdKey = "AWS_ACCESS_KEY_ID", string SecretAccessKeyKey = "AWS_SECRET_ACCESS_KEY");

/// <summary>One key of one Secret (in the namespace of the pod that reads it).</summary>
public sealed record SecretKeyRef(string SecretName, string Key);
