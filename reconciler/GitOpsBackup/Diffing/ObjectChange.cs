namespace GitOpsBackup.Diffing;

/// <summary>What happens to one rendered object between the two revisions.</summary>
public enum ObjectChange
{
    Added,
    Removed,
    Changed,
}
