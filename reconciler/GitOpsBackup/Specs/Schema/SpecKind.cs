namespace GitOpsBackup.Specs.Schema;

/// <summary>The three kinds of backup.homelab.dev/v1alpha1 objects.</summary>
internal enum SpecKind
{
    HomelabBackup,
    BackupDefaults,
    ExternalClone,
}
