namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>A fact that runs only when GITOPS_BACKUP_TEST_KUBECONFIG names a kubeconfig; skipped with a message otherwise.</summary>
public sealed class RealClusterFactAttribute : FactAttribute
{
    public RealClusterFactAttribute()
    {
        if (RealClusterTarget.Path is null)
        {
            Skip = $"set {RealClusterTarget.Variable} to a kubeconfig to run the contract tests against a real cluster";
        }
    }
}
