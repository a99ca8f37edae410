namespace GitOpsBackup.Admission;

/// <summary>Leave the Job suspended and record why.</summary>
/// <param name="Node">The node it waits for; null when it waits for something else (its app's run, the clone, any Ready node).</param>
public sealed record Wait(BackupJob Job, string? Node, string Reason) : AdmissionAction(Job, Reason)
{
    public override bool IsNoOp =>
        Job.Outcome != JobOutcome.Unplaceable
        && string.Equals(Job.Node, Node, StringComparison.Ordinal)
        && string.Equals(Job.WaitReason, Reason, StringComparison.Ordinal);
}
