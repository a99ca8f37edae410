using k8s;

namespace GitOpsBackup.EmbeddedCluster.Tests;

/// <summary>
/// One embedded cluster per test class (classes run in parallel, each on its own free port), a
/// kubeconfig written to a unique temp folder, and a real KubernetesClient built from that kubeconfig.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private int namespaces;

    public EmbeddedKubernetes Cluster { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public string TempDir { get; } = Path.Combine(Path.GetTempPath(), $"gob-embedded-{Guid.NewGuid():N}");

    public string KubeconfigPath => Path.Combine(TempDir, "kubeconfig");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(TempDir);
        Cluster = await EmbeddedKubernetes.StartAsync();
        Cluster.WriteKubeconfig(KubeconfigPath);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(TempDir, recursive: true);
        }
        catch (IOException)
        {
            // A kubectl cache file may still be open; the OS temp cleaner takes the rest.
        }
    }

    /// <summary>A fresh namespace, so tests in one class never see each other's objects.</summary>
    public async Task<string> NewNamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref namespaces)}";
        await Client.CoreV1.CreateNamespaceAsync(Objects.Namespace(name));
        return name;
    }
}
