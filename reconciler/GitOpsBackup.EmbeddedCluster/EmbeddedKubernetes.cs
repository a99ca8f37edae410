using System.Globalization;
using System.Net;
using GitOpsBackup.EmbeddedCluster.Api;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GitOpsBackup.EmbeddedCluster;

/// <summary>
/// An in-process Kubernetes API server (simulated) on 127.0.0.1 over plain HTTP: enough of the API
/// for the reconciler, KubernetesClient and kubectl, with real semantics for what it serves.
/// Every response carries <c>X-Simulated: gitops-backup-embedded</c>.
/// </summary>
public sealed class EmbeddedKubernetes : IAsyncDisposable
{
    /// <summary>The name of the kubeconfig's cluster, user and context.</summary>
    public const string ContextName = "embedded";

    /// <summary>The server's gitVersion; it says "simulated" on purpose.</summary>
    public const string GitVersion = Discovery.GitVersion;

    /// <summary>The kubeconfig's bearer token: not a secret, nothing checks it.</summary>
    public const string Token = "embedded-simulated-no-auth";

    private static readonly string[] InitialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping;
    private readonly Simulation.Simulator simulation;

    private EmbeddedKubernetes(WebApplication app, CancellationTokenSource stopping, Uri baseAddress, ClusterState state, RequestLog requests, FaultInjector faults, Registry registry, Simulation.Simulator simulation)
    {
        Registry = registry;
        this.app = app;
        this.stopping = stopping;
        this.simulation = simulation;
        BaseAddress = baseAddress;
        State = state;
        Requests = requests;
        Faults = faults;
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; }

    /// <summary>Every API request served, with its verb and status.</summary>
    public RequestLog Requests { get; }

    /// <summary>Faults to inject: status codes, latency, dropped watches.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Direct, test-only access to the stored objects.</summary>
    public ClusterState State { get; }

    public static async Task<EmbeddedKubernetes> StartAsync(EmbeddedClusterOptions? options = null, CancellationToken ct = default)
    {
        options ??= new EmbeddedClusterOptions();
        var state = new ClusterState(options.Time, options.WatchHistory);
        foreach (var ns in InitialNamespaces)
        {
            state.Seed($"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{ns}\",\"labels\":{{\"kubernetes.io/metadata.name\":\"{ns}\"}}}},\"spec\":{{\"finalizers\":[\"kubernetes\"]}},\"status\":{{\"phase\":\"Active\"}}}}");
        }

        var requests = new RequestLog();
        var faults = new FaultInjector(state.DropWatches);
        var registry = new Registry(state);
        var stopping = new CancellationTokenSource();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        var app = builder.Build();
        var handler = new ApiHandler(state, registry, requests, faults, stopping.Token);
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var simulation = GitOpsBackup.EmbeddedCluster.Simulation.Simulator.Start(state, registry, options);
        return new EmbeddedKubernetes(app, stopping, baseAddress, state, requests, faults, registry, simulation);
    }

    /// <summary>
    /// Runs one pass of the simulation now, at the injected clock's time: CronJobs fire, Jobs start,
    /// finish or expire, attachments follow pods. With a FakeTimeProvider, advance the clock and
    /// tick to play a night deterministically (with or without <see cref="EmbeddedClusterOptions.Simulate"/>;
    /// passes never overlap). A failure of the pass is thrown to the caller.
    /// </summary>
    public void Tick() => simulation.Tick();

    /// <summary>The last failure of a background simulation pass, if any (the loop keeps going).</summary>
    public Exception? SimulationError => simulation.LastError;

    /// <summary>A kubeconfig whose cluster, user and current context are all named "embedded".</summary>
    public string KubeconfigYaml() => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {ContextName}
          cluster:
            server: {BaseAddress.ToString().TrimEnd('/')}
        users:
        - name: {ContextName}
          user:
            # The embedded cluster checks no credentials; KubernetesClient insists on some.
            token: {Token}
        contexts:
        - name: {ContextName}
          context:
            cluster: {ContextName}
            user: {ContextName}
            namespace: default
        current-context: {ContextName}
        preferences: {"{}"}

        """;

    public void WriteKubeconfig(string path) => File.WriteAllText(path, KubeconfigYaml());

    public async ValueTask DisposeAsync()
    {
        await simulation.DisposeAsync();

        await stopping.CancelAsync();
        State.DropWatches();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(timeout.Token);
        }

        await app.DisposeAsync();
        stopping.Dispose();
    }

    /// <summary>The simulation; it runs in the background only when <see cref="EmbeddedClusterOptions.Simulate"/> is on.</summary>
    internal Simulation.Simulator Simulation => simulation;

    /// <summary>The API semantics behind the HTTP face (tests drive a manual simulator with it).</summary>
    internal Registry Registry { get; }
}
