namespace GitOpsBackup.Admission;

/// <summary>Pin the Job to <see cref="Node"/> (nodeSelector kubernetes.io/hostname) and un-suspend it, in one update.</summary>
public sealed record Admit(BackupJob Job, string Node, PlacementSource Source, string Reason) : AdmissionAction(Job, Reason);
