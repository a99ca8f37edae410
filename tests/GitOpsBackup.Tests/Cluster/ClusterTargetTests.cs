using GitOpsBackup.Cluster;

namespace GitOpsBackup.Tests.Cluster;

public sealed class ClusterTargetTests
{
    private static readonly string Home = Path.Combine(Path.GetTempPath(), "home");
    private static readonly string DefaultFile = Path.Combine(Home, ".kube", "config");

    [Theory]
    // flag, context, KUBECONFIG, ~/.kube/config exists, in cluster → kind, path, source
    [InlineData("/f", "ctx", "/e1", true, true, "Kubeconfig", "/f", "--kubeconfig")]
    [InlineData(null, "ctx", "/e1", true, true, "Kubeconfig", "/e1", "KUBECONFIG")]
    [InlineData(null, null, "/e1:/e2", false, false, "Kubeconfig", "/e1", "KUBECONFIG")]
    [InlineData(null, null, "", true, true, "Kubeconfig", "DEFAULT", "~/.kube/config")]
    [InlineData(null, null, null, false, true, "InCluster", null, "in-cluster service account")]
    [InlineData(null, null, null, false, false, "Embedded", null, "no --kubeconfig, KUBECONFIG, ~/.kube/config or in-cluster config")]
    public void Resolves_LikeKubectl_ThenFallsBackToTheEmbeddedCluster(
        string? flag, string? context, string? env, bool defaultExists, bool inCluster, string kind, string? path, string source)
    {
        var target = ClusterTarget.Resolve(flag, context, env?.Replace(':', Path.PathSeparator), Home, f => defaultExists && f == DefaultFile, inCluster);

        Assert.Equal(kind, target.Kind.ToString());
        Assert.Equal(path == "DEFAULT" ? DefaultFile : path, target.KubeconfigPath);
        Assert.Equal(source, target.Source);
        Assert.Equal(kind == "Kubeconfig" ? context : null, target.Context);
    }
}
