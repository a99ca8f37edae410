namespace GitOpsBackup.Reconciling;

/// <summary>How an outcome of a pass reads: the one place that decides it.</summary>
internal enum PassKind
{
    /// <summary>Nothing to write: the cluster already matches the repo and no Job needed a decision.</summary>
    NoChange,

    /// <summary>Objects were written (applied, pruned, Jobs admitted, the clone created).</summary>
    Applied,

    /// <summary>The repo could not be read; the last good state was kept and nothing was changed for it.</summary>
    SourceFailed,

    /// <summary>The API server failed the pass before anything could be planned.</summary>
    ClusterFailed,

    /// <summary>Some writes failed (one app's objects, an admission); the rest went through.</summary>
    Partial,
}
