namespace GitOpsBackup.Admission;

/// <summary>Mark the Job unplaceable (outcome and reason); it stays suspended and is re-evaluated every pass.</summary>
public sealed record Unplaceable(BackupJob Job, string Reason) : AdmissionAction(Job, Reason)
{
    public override bool IsNoOp =>
        Job.Outcome == JobOutcome.Unplaceable && string.Equals(Job.WaitReason, Reason, StringComparison.Ordinal);
}
