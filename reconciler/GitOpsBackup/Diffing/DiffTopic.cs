namespace GitOpsBackup.Diffing;

/// <summary>What a finding is about; the summary table names an app's changed topics.</summary>
public enum DiffTopic
{
    App,
    Spec,
    Schedule,
    Suspend,
    Volumes,
    Buckets,
    BackupBucket,
    Retention,
    Resources,
    Privileges,
    ExternalClone,
    Defaults,
}
