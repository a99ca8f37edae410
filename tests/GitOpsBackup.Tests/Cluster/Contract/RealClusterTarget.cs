namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>A real cluster named by GITOPS_BACKUP_TEST_KUBECONFIG (tests create and delete their own namespaces).</summary>
public sealed class RealClusterTarget : ContractTarget
{
    public const string Variable = "GITOPS_BACKUP_TEST_KUBECONFIG";

    public static string? Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    public override string KubeconfigYaml => File.ReadAllText(Path ?? throw new InvalidOperationException($"{Variable} is not set"));
}
