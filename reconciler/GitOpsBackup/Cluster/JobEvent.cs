namespace GitOpsBackup.Cluster;

/// <summary>An Event to record on a Job: admitted, waiting (and for whom), replaced, unplaceable, clone created.</summary>
internal sealed record JobEvent(string Namespace, string JobName, string? JobUid, string Reason, string Message, bool Warning = false);
