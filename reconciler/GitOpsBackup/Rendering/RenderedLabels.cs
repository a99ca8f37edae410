namespace GitOpsBackup.Rendering;

/// <summary>Labels the renderer adds beside those of <see cref="Ownership"/>, so Jobs can be told apart.</summary>
public static class RenderedLabels
{
    /// <summary>"backup" on CronJobs and their Jobs and pods; "external-clone" on the clone Job.</summary>
    public const string Component = "backup.homelab.dev/component";
    public const string BackupComponent = "backup";
    public const string CloneComponent = "external-clone";

    /// <summary>The clone Job's cycle date (yyyy-MM-dd).</summary>
    public const string Cycle = "backup.homelab.dev/cycle";
}
