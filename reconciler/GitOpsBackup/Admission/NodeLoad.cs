namespace GitOpsBackup.Admission;

/// <summary>One node's backups after the decision, for <c>status</c> and the demo view (job keys, ns/name).</summary>
/// <param name="Running">Running before this decision, by key.</param>
/// <param name="Admitted">Admitted by this decision, in admission order.</param>
/// <param name="Queued">Waiting for this node, first in line first.</param>
public sealed record NodeLoad(string Name, IReadOnlyList<string> Running, IReadOnlyList<string> Admitted, IReadOnlyList<string> Queued);
