namespace GitOpsBackup.Planning;

/// <summary>What a pass does with one object.</summary>
internal enum ChangeAction
{
    Create,
    Update,
    Unchanged,
    Delete,

    /// <summary>Left exactly as it is, for the reason given (broken spec, opt-out, prune guard, not ours).</summary>
    Skip,
}
