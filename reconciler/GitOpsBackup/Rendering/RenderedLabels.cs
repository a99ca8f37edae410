namespace GitOpsBackup.Rendering;

/// <summary>Labels the renderer adds beside those of <see cref="Ownership"/>, so Jobs can be told apart.</summary>
public static class RenderedLabels
{
    /// <summary>"backup" on backup CronJobs and their Jobs and pods; "external-clone" on the clone Job; "verify", "restore", "snapshots" on the restore side.</summary>
    public const string Component = "backup.homelab.dev/component";
    public const string BackupComponent = "backup";
    public const string CloneComponent = "external-clone";

    /// <summary>The restore drill's CronJob and Jobs (verify-&lt;app&gt;).</summary>
    public const string VerifyComponent = "verify";

    /// <summary>Restore Jobs and the PVCs they fill, made by <c>gitops-backup restore --apply</c>.</summary>
    public const string RestoreComponent = "restore";

    /// <summary>The short-lived Job of <c>gitops-backup snapshots</c>.</summary>
    public const string SnapshotsComponent = "snapshots";

    /// <summary>The clone Job's cycle date (yyyy-MM-dd).</summary>
    public const string Cycle = "backup.homelab.dev/cycle";
}
