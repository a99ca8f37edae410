namespace GitOpsBackup.Cluster;

/// <summary>The kinds of cluster a command can talk to.</summary>
internal enum ClusterTargetKind
{
    Kubeconfig,
    InCluster,

    /// <summary>The in-process simulated API server (GitOpsBackup.EmbeddedCluster).</summary>
    Embedded,
}
