namespace GitOpsBackup.Cluster;

/// <summary>Which cluster a command talks to, and why (for the message the user sees).</summary>
/// <param name="KubeconfigPath">The kubeconfig file for <see cref="ClusterTargetKind.Kubeconfig"/>.</param>
/// <param name="Context">--context, or null for the kubeconfig's current context.</param>
/// <param name="Source">Where the choice came from: --kubeconfig, KUBECONFIG, ~/.kube/config, in-cluster, none.</param>
internal sealed record ClusterTarget(ClusterTargetKind Kind, string? KubeconfigPath, string? Context, string Source)
{
    /// <summary>
    /// The one place that decides, like kubectl: --kubeconfig, then the first file of KUBECONFIG,
    /// then ~/.kube/config if it exists, then the in-cluster service account; with none of them,
    /// the embedded (simulated) cluster.
    /// </summary>
    public static ClusterTarget Resolve(string? kubeconfigFlag, string? contextFlag, string? kubeconfigEnv, string? home, Func<string, bool> fileExists, bool inCluster)
    {
        if (!string.IsNullOrEmpty(kubeconfigFlag))
        {
            return new(ClusterTargetKind.Kubeconfig, kubeconfigFlag, contextFlag, "--kubeconfig");
        }

        var fromEnv = kubeconfigEnv?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return new(ClusterTargetKind.Kubeconfig, fromEnv, contextFlag, "KUBECONFIG");
        }

        var defaultFile = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
        if (defaultFile is not null && fileExists(defaultFile))
        {
            return new(ClusterTargetKind.Kubeconfig, defaultFile, contextFlag, "~/.kube/config");
        }

        if (inCluster)
        {
            return new(ClusterTargetKind.InCluster, null, null, "in-cluster service account");
        }

        return new(ClusterTargetKind.Embedded, null, null, "no --kubeconfig, KUBECONFIG, ~/.kube/config or in-cluster config");
    }
}
