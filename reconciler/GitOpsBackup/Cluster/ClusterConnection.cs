using GitOpsBackup.Source;
using k8s;
using k8s.Exceptions;

namespace GitOpsBackup.Cluster;

/// <summary>
/// An open connection to the target cluster. For the embedded cluster it also owns the running
/// server, which stops on dispose; <see cref="Simulated"/> says so, and commands print it loudly.
/// <see cref="Description"/> is printed: its server URL has gone through <see cref="Redactor"/> (a
/// kubeconfig may carry user:password@ in it).
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IAsyncDisposable? _server;

    private ClusterConnection(IKubernetes client, string description, bool simulated, IAsyncDisposable? server)
    {
        Client = client;
        Description = description;
        Simulated = simulated;
        _server = server;
    }

    public IKubernetes Client { get; }

    public string Description { get; }

    public bool Simulated { get; }

    /// <summary>
    /// Connects to <paramref name="target"/>. <paramref name="startEmbedded"/> starts the embedded
    /// cluster and returns its address and a handle that stops it (the library does not depend
    /// on the embedded server; the CLI passes it in).
    /// </summary>
    public static Task<ClusterConnection> OpenAsync(
        ClusterTarget target,
        Func<CancellationToken, Task<(Uri Server, IAsyncDisposable Handle)>> startEmbedded,
        CancellationToken cancellationToken = default) =>
        OpenAsync(target, startEmbedded, [], cancellationToken);

    /// <summary>As above, with <paramref name="handlers"/> in the client's HTTP pipeline (run counts API requests so).</summary>
    public static async Task<ClusterConnection> OpenAsync(
        ClusterTarget target,
        Func<CancellationToken, Task<(Uri Server, IAsyncDisposable Handle)>> startEmbedded,
        DelegatingHandler[] handlers,
        CancellationToken cancellationToken = default)
    {
        try
        {
            switch (target.Kind)
            {
                case ClusterTargetKind.Kubeconfig:
                    if (!File.Exists(target.KubeconfigPath))
                    {
                        throw new ClusterConnectionException($"kubeconfig {target.KubeconfigPath} (from {target.Source}) does not exist");
                    }

                    var config = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(new FileInfo(target.KubeconfigPath!), target.Context);
                    return new(new Kubernetes(config, handlers), $"{Redactor.ScrubUrls(config.Host)} (context {config.CurrentContext}, from {target.Source})", false, null);
                case ClusterTargetKind.InCluster:
                    var inCluster = KubernetesClientConfiguration.InClusterConfig();
                    return new(new Kubernetes(inCluster, handlers), $"{Redactor.ScrubUrls(inCluster.Host)} (in-cluster service account)", false, null);
                default:
                    // Plain HTTP on loopback, no credentials: the embedded cluster checks none.
                    var (server, handle) = await startEmbedded(cancellationToken);
                    var embedded = new KubernetesClientConfiguration { Host = server.ToString().TrimEnd('/') };
                    return new(new Kubernetes(embedded, handlers), $"SIMULATED embedded cluster at {embedded.Host} ({target.Source}); nothing real is changed", true, handle);
            }
        }
        catch (KubeConfigException ex)
        {
            // Its message names the context or field at fault; a server URL in it goes through the scrubber too.
            throw new ClusterConnectionException($"kubeconfig {target.KubeconfigPath}: {Redactor.ScrubUrls(ex.Message)}");
        }
    }

    /// <summary>Names this client in every request's User-Agent, so the API server's audit log tells replicas apart.</summary>
    public void SetUserAgent(string userAgent)
    {
        if (Client is Kubernetes concrete)
        {
            var header = concrete.HttpClient.DefaultRequestHeaders.UserAgent;
            header.Clear();
            header.ParseAdd(userAgent);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
