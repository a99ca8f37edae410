namespace GitOpsBackup.Diffing;

/// <summary>
/// What the live cluster would see if head were applied (diff --kubeconfig): objects that drifted from
/// what the repo renders, objects that will be pruned, what is left alone, and the prune guard's verdict.
/// </summary>
public sealed record LiveCheck
{
    /// <summary>Which cluster was read (the kubeconfig context's server).</summary>
    public required string Cluster { get; init; }

    /// <summary>The plan's one-line count ("1 to create, 2 to update, ...").</summary>
    public required string Summary { get; init; }

    /// <summary>Objects the pull request does not touch whose live state differs anyway (manual edits, an unapplied revision): apply reverts them.</summary>
    public IReadOnlyList<string> Drifted { get; init; } = [];

    /// <summary>Objects apply would delete.</summary>
    public IReadOnlyList<string> Pruned { get; init; } = [];

    /// <summary>Objects apply would leave alone, with why (broken spec, opt-out, the prune guard).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>The prune guard's refusals; empty when it lets the apply through.</summary>
    public IReadOnlyList<string> GuardErrors { get; init; } = [];

    public string GuardVerdict => GuardErrors.Count == 0 ? "the prune guard lets this apply through" : string.Join("; ", GuardErrors);
}
