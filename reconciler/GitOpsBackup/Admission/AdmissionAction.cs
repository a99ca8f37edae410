namespace GitOpsBackup.Admission;

/// <summary>
/// What to do with one waiting backup Job: <see cref="Admit"/>, <see cref="Wait"/>, <see cref="Replace"/>
/// or <see cref="Unplaceable"/>. A closed set: the pass switches over it exhaustively.
/// </summary>
public abstract record AdmissionAction
{
    // Closed: only the four actions in this assembly derive from it.
    private protected AdmissionAction(BackupJob job, string reason)
    {
        Job = job;
        Reason = reason;
    }

    /// <summary>The waiting Job this action is about.</summary>
    public BackupJob Job { get; }

    /// <summary>Why, as a person reads it on the Job and in <c>status</c>.</summary>
    public string Reason { get; }

    /// <summary>True when the Job already records this decision: the pass writes nothing for it.</summary>
    public virtual bool IsNoOp => false;
}
