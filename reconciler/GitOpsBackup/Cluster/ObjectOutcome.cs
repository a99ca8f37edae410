namespace GitOpsBackup.Cluster;

/// <summary>What apply did to one object.</summary>
internal enum ObjectOutcome
{
    Created,
    Updated,

    /// <summary>Deleted and created again because a field that cannot change had changed.</summary>
    Recreated,
    Deleted,
    Unchanged,
    Skipped,

    /// <summary>Nothing done; retried on the next pass (the plan will ask again).</summary>
    Failed,
}
