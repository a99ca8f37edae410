namespace GitOpsBackup.Reconciling;

/// <summary>Reads the live state for a pass: from the watch cache (<c>run</c>, no request) or by listing (one-shot verbs).</summary>
internal interface ILiveSource
{
    /// <param name="state">The desired state: a listing source lists every kind it holds, so removed objects can be pruned.</param>
    Task<LiveSnapshot> ReadAsync(RepoState state, CancellationToken cancellationToken);
}
