using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.EmbeddedCluster.Tests.Simulation;

/// <summary>
/// An embedded cluster on a fake clock (midnight UTC, 2026-11-28) driven only through the public
/// surface another assembly has: options, <see cref="EmbeddedKubernetes.Tick"/>, the API.
/// </summary>
internal sealed class SimulatedCluster : IAsyncDisposable
{
    public static readonly DateTimeOffset Midnight = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    private SimulatedCluster(FakeTimeProvider time, EmbeddedKubernetes cluster)
    {
        Time = time;
        Cluster = cluster;
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = cluster.BaseAddress.ToString(), AccessToken = EmbeddedKubernetes.Token });
    }

    public FakeTimeProvider Time { get; }

    public EmbeddedKubernetes Cluster { get; }

    public Kubernetes Client { get; }

    public ClusterState State => Cluster.State;

    public static async Task<SimulatedCluster> StartAsync(EmbeddedClusterOptions? options = null)
    {
        var time = new FakeTimeProvider(Midnight);
        var cluster = await EmbeddedKubernetes.StartAsync((options ?? new EmbeddedClusterOptions { Nodes = 2 }) with { Time = time });
        var simulated = new SimulatedCluster(time, cluster);
        await simulated.Client.CoreV1.CreateNamespaceAsync(Objects.Namespace("apps"));
        return simulated;
    }

    /// <summary>Moves the clock forward in steps, one simulation pass per step (and one now).</summary>
    public void Play(TimeSpan span, TimeSpan? step = null)
    {
        var stride = step ?? TimeSpan.FromSeconds(10);
        Cluster.Tick();
        for (var played = TimeSpan.Zero; played < span; played += stride)
        {
            Time.Advance(stride);
            Cluster.Tick();
        }
    }

    /// <summary>A one-container backup Job, not suspended unless asked, labelled with its app.</summary>
    public async Task<V1Job> CreateJobAsync(string name, string? app = null, bool suspend = false, Action<V1Job>? change = null)
    {
        var job = Objects.Job(name, "apps", suspend: suspend);
        if (app is not null)
        {
            job.Metadata.Labels = new Dictionary<string, string> { [SimulationHints.AppLabel] = app };
        }

        change?.Invoke(job);
        return await Client.BatchV1.CreateNamespacedJobAsync(job, "apps");
    }

    public JsonObject Job(string name) => State.Get("batch/v1", "Job", "apps", name) ?? throw new InvalidOperationException($"no Job {name}");

    public IReadOnlyList<JsonObject> PodsOf(string job) =>
        [.. State.List("v1", "Pod", "apps").Where(p => p["metadata"]?["labels"]?["job-name"]?.ToString() == job)];

    public static bool HasCondition(JsonObject job, string type, string reason) =>
        job["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.ToString() == type && c?["status"]?.ToString() == "True" && c?["reason"]?.ToString() == reason);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Cluster.DisposeAsync();
    }
}
