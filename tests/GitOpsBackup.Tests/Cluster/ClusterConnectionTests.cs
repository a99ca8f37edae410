using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using k8s;

namespace GitOpsBackup.Tests.Cluster;

public sealed class ClusterConnectionTests
{
    private static async Task<(Uri, IAsyncDisposable)> StartEmbeddedAsync(CancellationToken ct)
    {
        var cluster = await EmbeddedKubernetes.StartAsync(ct: ct);
        return (cluster.BaseAddress, cluster);
    }

    private static Task<(Uri, IAsyncDisposable)> MustNotStart(CancellationToken ct) =>
        throw new InvalidOperationException("the embedded cluster must not start when a kubeconfig is given");

    [Fact]
    public async Task WithNothingConfigured_StartsTheEmbeddedCluster_AndSaysItIsSimulated()
    {
        var target = ClusterTarget.Resolve(null, null, null, null, _ => false, inCluster: false);

        await using var connection = await ClusterConnection.OpenAsync(target, StartEmbeddedAsync);

        Assert.True(connection.Simulated);
        Assert.StartsWith("SIMULATED embedded cluster at http://127.0.0.1:", connection.Description, StringComparison.Ordinal);
        var namespaces = await connection.Client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
    }

    [Fact]
    public async Task WithAKubeconfig_UsesItsContext()
    {
        await using var cluster = await EmbeddedKubernetes.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"gitops-backup-conn-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, Contract.EmbeddedTarget.Kubeconfig(cluster.BaseAddress, "t"));
        try
        {
            await using var connection = await ClusterConnection.OpenAsync(new ClusterTarget(ClusterTargetKind.Kubeconfig, path, EmbeddedKubernetes.ContextName, "--kubeconfig"), MustNotStart);

            Assert.False(connection.Simulated);
            Assert.Equal($"{cluster.BaseAddress.ToString().TrimEnd('/')} (context embedded, from --kubeconfig)", connection.Description);
            Assert.NotEmpty((await connection.Client.CoreV1.ListNamespaceAsync()).Items);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task MissingKubeconfig_OrUnknownContext_IsAClearError()
    {
        var missing = await Assert.ThrowsAsync<ClusterConnectionException>(() =>
            ClusterConnection.OpenAsync(new ClusterTarget(ClusterTargetKind.Kubeconfig, "/nonexistent/config", null, "KUBECONFIG"), MustNotStart));
        Assert.Equal("kubeconfig /nonexistent/config (from KUBECONFIG) does not exist", missing.Message);

        await using var cluster = await EmbeddedKubernetes.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"gitops-backup-conn-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, Contract.EmbeddedTarget.Kubeconfig(cluster.BaseAddress, "t"));
        try
        {
            var unknown = await Assert.ThrowsAsync<ClusterConnectionException>(() =>
                ClusterConnection.OpenAsync(new ClusterTarget(ClusterTargetKind.Kubeconfig, path, "nope", "--kubeconfig"), MustNotStart));
            Assert.Contains("nope", unknown.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
