namespace GitOpsBackup.Rendering;

/// <summary>
/// The environment contract between the renderer and the scripts in Scripts/ (backup, clone, restore, verify, snapshots):
/// the scripts take every parameter from these variables.
/// </summary>
public static class BackupEnv
{
    public const string App = "BACKUP_APP";
    public const string Host = "BACKUP_HOST";
    public const string Pvcs = "BACKUP_PVCS";
    public const string Buckets = "BACKUP_BUCKETS";
    public const string BackupBucket = "BACKUP_BUCKET";
    public const string AllowEmpty = "BACKUP_ALLOW_EMPTY";

    /// <summary>Space-separated &lt;name&gt;=&lt;engine&gt;; dump i (from 1) reads <see cref="Dump"/>(i, field).</summary>
    public const string Dumps = "BACKUP_DUMPS";

    /// <summary>BACKUP_DUMP_&lt;i&gt;_&lt;FIELD&gt;: FILE, TIMEOUT, HOST, PORT, DATABASE, USER, PASSWORD, PATH, COMMAND.</summary>
    public static string Dump(int index, string field) => $"BACKUP_DUMP_{index}_{field}";

    /// <summary>notify.sh: the healthchecks ping URL (from a Secret) and the app's slug (empty: the URL is one check's).</summary>
    public const string PingUrl = "BACKUP_PING_URL";
    public const string PingSlug = "BACKUP_PING_SLUG";

    public const string ResticRepository = "RESTIC_REPOSITORY";
    public const string ResticPasswordFile = "RESTIC_PASSWORD_FILE";
    public const string ResticCacert = "RESTIC_CACERT";
    public const string ResticCacheDir = "RESTIC_CACHE_DIR";
    public const string ResticRetryLock = "RESTIC_RETRY_LOCK";
    public const string KeepDaily = "RESTIC_KEEP_DAILY";
    public const string KeepWeekly = "RESTIC_KEEP_WEEKLY";
    public const string KeepMonthly = "RESTIC_KEEP_MONTHLY";
    public const string KeepYearly = "RESTIC_KEEP_YEARLY";

    public const string AwsAccessKeyId = "AWS_ACCESS_KEY_ID";
    public const string AwsSecretAccessKey = "AWS_SECRET_ACCESS_KEY";
    public const string AwsRegion = "AWS_DEFAULT_REGION";

    /// <summary>rclone reads a remote named "s3" from RCLONE_CONFIG_S3_*; no config file.</summary>
    public const string RcloneRemotePrefix = "RCLONE_CONFIG_S3_";
    public const string RcloneAccessKeyId = "RCLONE_CONFIG_S3_ACCESS_KEY_ID";
    public const string RcloneSecretAccessKey = "RCLONE_CONFIG_S3_SECRET_ACCESS_KEY";
    public const string RcloneCaCert = "RCLONE_CA_CERT";

    public const string Home = "HOME";
    public const string TmpDir = "TMPDIR";

    public const string VerifyVolumes = "VERIFY_VOLUMES";
    public const string VerifyReadDataSubset = "VERIFY_READ_DATA_SUBSET";
    public const string VerifyMinFiles = "VERIFY_MIN_FILES";
    public const string VerifyMinBytes = "VERIFY_MIN_BYTES";
    public const string VerifyExpectFiles = "VERIFY_EXPECT_FILES";
    public const string VerifyScratch = "VERIFY_SCRATCH";

    public const string RestoreMode = "RESTORE_MODE";
    public const string RestoreInPlace = "RESTORE_IN_PLACE";
    public const string RestoreStamp = "RESTORE_STAMP";
    public const string RestoreSnapshot = "RESTORE_SNAPSHOT";
    public const string RestoreSourcePath = "RESTORE_SOURCE_PATH";
    public const string RestoreTarget = "RESTORE_TARGET";
    public const string RestoreSourceBucket = "RESTORE_SOURCE_BUCKET";
    public const string RestoreTargetBucket = "RESTORE_TARGET_BUCKET";
    public const string RestoreDumpFile = "RESTORE_DUMP_FILE";
    public const string RestoreDumpEngine = "RESTORE_DUMP_ENGINE";
    public const string RestoreDumpHost = "RESTORE_DUMP_HOST";
    public const string RestoreDumpPort = "RESTORE_DUMP_PORT";
    public const string RestoreDumpUser = "RESTORE_DUMP_USER";
    public const string RestoreDumpDatabase = "RESTORE_DUMP_DATABASE";
    public const string RestoreDumpPassword = "RESTORE_DUMP_PASSWORD";
    public const string RestoreDumpPath = "RESTORE_DUMP_PATH";

    public const string CloneMode = "CLONE_MODE";
    public const string CloneDevice = "CLONE_DEVICE";
    public const string CloneFsType = "CLONE_FSTYPE";
    public const string CloneRoot = "CLONE_ROOT";
    public const string CloneTargetPath = "CLONE_TARGET_PATH";
    public const string CloneBuckets = "CLONE_BUCKETS";
    public const string CloneSync = "CLONE_SYNC";
    public const string CloneMaxDelete = "CLONE_MAX_DELETE";
    public const string CloneDiskId = "CLONE_DISK_ID";
    public const string CloneDiskUuid = "CLONE_DISK_UUID";
    public const string CloneVerify = "CLONE_VERIFY";
}
