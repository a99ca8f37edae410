using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// Specs built in code for the renderer tests, with distinctive Secret names and keys. Each starts from
/// the loaded minimal document (<see cref="MinimalSpecs"/>), so the schema's defaults apply.
/// </summary>
internal static class TestSpecs
{
    public const string S3Secret = "s3-creds-zq81";
    public const string S3KeyId = "access-id-zq81";
    public const string S3SecretKey = "secret-key-zq81";
    public const string ResticSecret = "restic-repo-zq81";
    public const string ResticKey = "repo-password-zq81";
    public const string CaSecret = "s3-ca-zq81";
    public const string CaKey = "ca-bundle-zq81";
    public const string Revision = "0123456789abcdef0123456789abcdef01234567";

    public static BackupDefaults Defaults(string endpoint = "https://rgw.homelab.lan:443", bool caBundle = true) => MinimalSpecs.Defaults with
    {
        S3Endpoint = endpoint,
        S3Credentials = new SecretKeys(S3Secret, S3KeyId, S3SecretKey),
        ResticPassword = new SecretKeyRef(ResticSecret, ResticKey),
        S3CaBundle = caBundle ? new SecretKeyRef(CaSecret, CaKey) : null,
        BackupImage = "ghcr.io/homelab/backup-tools@sha256:1111111111111111111111111111111111111111111111111111111111111111",
        CloneImage = "ghcr.io/homelab/clone-tools@sha256:2222222222222222222222222222222222222222222222222222222222222222",
        Location = new SourceLocation("clusters/homelab/backup-defaults.yaml", 1, 1),
    };

    /// <summary>The seed's example, as written.</summary>
    public static HomelabBackup Nextcloud() => MinimalSpecs.App with
    {
        Name = "nextcloud",
        Namespace = "nextcloud",
        BackupBucket = "my-nextcloud-backup-bucket",
        Schedule = "30 2 * * *",
        Volumes = [new BackupVolume("my-nextcloud-pvc", false), new BackupVolume("my-nextcloud-data-bucket", true)],
        Location = new SourceLocation("apps/nextcloud/backup.yaml", 1, 1),
    };

    public static HomelabBackup TwoPvcs() => MinimalSpecs.App with
    {
        Name = "immich",
        Namespace = "media",
        BackupBucket = "immich-backup",
        Schedule = "H(0-30) 3 * * *",
        TimeZone = "Europe/Berlin",
        Retention = new RetentionPolicy(14, 8, 12, 2),
        Resources = new ComputeResources("100m", "256Mi", "1", "2Gi"),
        Volumes = [new BackupVolume("immich-library", false), new BackupVolume("immich-postgres", false)],
        Location = new SourceLocation("apps/immich/backup.yaml", 1, 1),
    };

    public static HomelabBackup ReadAllFiles() => MinimalSpecs.App with
    {
        Name = "vaultwarden",
        Namespace = "security",
        BackupBucket = "vaultwarden-backup",
        Volumes = [new BackupVolume("vaultwarden-data", false)],
        PodSecurity = new PodSecurity(null, null, null, ReadAllFiles: true),
        ExternalClone = false,
        Location = new SourceLocation("apps/vaultwarden/backup.yaml", 1, 1),
    };

    /// <summary>An app with one dump of each engine and allowEmpty: what the pod's env and mounts look like.</summary>
    public static HomelabBackup Dumps() => MinimalSpecs.App with
    {
        Name = "gitea",
        Namespace = "dev",
        BackupBucket = "gitea-backup",
        Volumes = [new BackupVolume("gitea-repos", false)],
        Dumps =
        [
            new DatabaseDump { Name = "gitea-db", Engine = DumpEngine.Postgres, Host = "postgres.dev.svc", Database = "gitea", User = "backup", Password = new SecretKeyRef("gitea-db", "password"), Timeout = "1h" },
            new DatabaseDump { Name = "wiki-db", Engine = DumpEngine.Mariadb, Host = "mariadb.dev.svc", Port = 3307, Database = "wiki", User = "backup", Password = new SecretKeyRef("wiki-db", "password"), Timeout = "30m" },
            new DatabaseDump { Name = "sessions", Engine = DumpEngine.Sqlite, Volume = "gitea-data", Path = "data/sessions.db", Timeout = "1h" },
            new DatabaseDump { Name = "queue", Engine = DumpEngine.Command, Command = "redis-cli -h redis.dev.svc --rdb -", Timeout = "1h" },
        ],
        AllowEmpty = true,
        Location = new SourceLocation("apps/gitea/backup.yaml", 1, 1),
    };

    public static ExternalClone Clone(CloneMode mode) => MinimalSpecs.Clone(mode) with
    {
        Namespace = "backup-system",
        NodeName = "node-usb",
        DevicePath = mode == CloneMode.Device ? "/dev/disk/by-uuid/5d1e-usb" : null,
        ClaimName = mode == CloneMode.Volume ? "external-disk" : null,
        DiskId = "usb-2026-a",
        DiskUuid = mode == CloneMode.Device ? "5d1e0c2a-7f3b-4e8d-9a61-2e0f4d8b1a37" : null,
        ExtraBuckets = ["workstation-home", "immich-backup"],
        Sync = mode == CloneMode.Volume,
        MaxDelete = 50,
        Location = new SourceLocation("clusters/homelab/external-clone.yaml", 1, 1),
    };

    public static SpecSet Set(IReadOnlyList<HomelabBackup> apps, BackupDefaults? defaults = null, ExternalClone? clone = null) => new()
    {
        Apps = apps,
        Defaults = defaults ?? Defaults(),
        ExternalClone = clone,
        Diagnostics = [],
    };

    public static RenderResult Render(IReadOnlyList<HomelabBackup> apps, BackupDefaults? defaults = null, ExternalClone? clone = null, string revision = Revision) =>
        BackupRenderer.Render(new RenderInput(Set(apps, defaults, clone), ClusterFacts.Unknown, revision));
}
