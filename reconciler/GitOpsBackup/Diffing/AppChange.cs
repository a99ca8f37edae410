namespace GitOpsBackup.Diffing;

/// <summary>What happens to one app between the two revisions.</summary>
public enum AppChange
{
    /// <summary>New at head: its backup CronJob is created.</summary>
    Added,

    /// <summary>Gone at head: its backup CronJob is deleted.</summary>
    Removed,

    /// <summary>In both, and something the reviewer should know differs.</summary>
    Changed,

    /// <summary>Its spec has errors at head: nothing is rendered, the live CronJob is left as it is.</summary>
    Broken,

    /// <summary>Its spec had errors at base and renders again at head.</summary>
    Fixed,
}
