namespace GitOpsBackup.Admission;

/// <summary>The decision for every waiting Job (one action each, first in line first) and the nodes' load. Pure and printable.</summary>
public sealed record AdmissionPlan(IReadOnlyList<AdmissionAction> Actions, IReadOnlyList<NodeLoad> Nodes, DateTimeOffset DecidedAt)
{
    /// <summary>The actions the pass must carry out: everything but the no-ops.</summary>
    public IEnumerable<AdmissionAction> Changes => Actions.Where(a => !a.IsNoOp);

    public bool HasChanges => Changes.Any();

    /// <summary>The action for the Job with key <paramref name="jobKey"/> (ns/name), if it was waiting.</summary>
    public AdmissionAction? For(string jobKey) => Actions.FirstOrDefault(a => a.Job.Key == jobKey);
}
