namespace GitOpsBackup.Leadership;

/// <summary>One round's decision and why, for the log.</summary>
internal sealed record LeaseDecision(LeaseAction Action, string Why);
