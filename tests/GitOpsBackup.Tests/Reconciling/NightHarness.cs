using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.EmbeddedCluster.Simulation;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Tests.Specs;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>
/// A whole night on the embedded cluster with a fake clock: the simulated control plane (CronJobs
/// fire, Jobs run on their node) is ticked by hand, and after each tick one reconcile pass runs.
/// Records, after every step, how many backups run on each node, so tests can check the limit held
/// at every moment, not only at the end.
/// </summary>
internal sealed class NightHarness : IAsyncDisposable
{
    private readonly EmbeddedClusterOptions _options;
    private Simulator _simulator = null!;

    private NightHarness(FakeTimeProvider time, EmbeddedClusterOptions options)
    {
        Time = time;
        _options = options;
    }

    public FakeTimeProvider Time { get; }

    public EmbeddedKubernetes Cluster { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public InMemoryRepoTree Repo { get; } = new();

    public ReconcilePass Pass { get; private set; } = null!;

    /// <summary>The most backups seen running at once on each node, over the whole night.</summary>
    public Dictionary<string, int> PeakPerNode { get; } = new(StringComparer.Ordinal);

    public List<PassOutcome> Outcomes { get; } = [];

    /// <summary>Starts at <paramref name="start"/> (UTC) with nodes node-1..node-N and their namespaces.</summary>
    public static async Task<NightHarness> StartAsync(DateTimeOffset start, int nodes, TimeSpan jobDuration, params string[] namespaces)
    {
        var time = new FakeTimeProvider(start);
        var options = new EmbeddedClusterOptions { Time = time, SimulatedJobDuration = jobDuration };
        var harness = new NightHarness(time, options);
        harness.Cluster = await EmbeddedKubernetes.StartAsync(options);
        harness.Client = new Kubernetes(new KubernetesClientConfiguration { Host = harness.Cluster.BaseAddress.ToString().TrimEnd('/') });
        harness._simulator = Simulator.Manual(harness.Cluster.State, harness.Cluster.Registry, options);
        for (var i = 1; i <= nodes; i++)
        {
            harness.AddNode($"node-{i}");
        }

        foreach (var ns in namespaces.Append("backup-system").Distinct())
        {
            harness.Cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }

        return harness;
    }

    public void AddNode(string name, bool ready = true) => Cluster.State.Seed(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name } },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }) },
    });

    /// <summary>A bound PVC whose PV (pv-NS-CLAIM) is attached (VolumeAttachment) to <paramref name="node"/>.</summary>
    public void AttachVolume(string ns, string claim, string node) => Cluster.State.SeedVolume(ns, claim, node, $"pv-{ns}-{claim}");

    /// <summary>The attach/detach controller moved the volume (the app's pod moved to another node).</summary>
    public void MoveAttachment(string pv, string node) => Cluster.State.Seed(VolumeAttacher.Attachment(pv, node));

    /// <summary>Builds the pass over <see cref="Repo"/>; call once the repo holds its files.</summary>
    public ReconcilePass UsePass()
    {
        Pass = new ReconcilePass(new WorkingTreeSource(Repo, "test-repo"), new StateLiveSource(Cluster.State), Client,
            new PassOptions { Admit = true, Apply = new global::GitOpsBackup.Cluster.ApplyOptions { Parallelism = 1 } }, Time);
        return Pass;
    }

    /// <summary>A pass without moving the clock.</summary>
    public async Task<PassOutcome> PassAsync()
    {
        var outcome = await Pass.RunAsync(CancellationToken.None);
        Outcomes.Add(outcome);
        Measure();
        return outcome;
    }

    /// <summary>
    /// Moves the clock in one-minute steps (or <paramref name="step"/>, for scenarios over several nights) to
    /// <paramref name="until"/>: each step ticks the control plane, then runs a pass.
    /// </summary>
    public async Task RunUntilAsync(DateTimeOffset until, Func<bool>? stop = null, TimeSpan? step = null)
    {
        while (Time.GetUtcNow() < until && stop?.Invoke() != true)
        {
            Time.Advance(step ?? TimeSpan.FromMinutes(1));
            _simulator.Tick();
            Measure();
            await PassAsync();
        }
    }

    public IReadOnlyList<JsonObject> Jobs(string? component = "backup") =>
        Cluster.State.List("batch/v1", "Job").Where(j => component is null || (string?)j["metadata"]?["labels"]?["backup.homelab.dev/component"] == component).ToList();

    public IReadOnlyList<JsonObject> Events(string reason) =>
        Cluster.State.List("v1", "Event").Where(e => (string?)e["reason"] == reason).ToList();

    public static bool Finished(JsonObject job) =>
        (job["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] is "Complete" or "Failed" && (string?)c?["status"] == "True");

    public static string? PinnedNode(JsonObject job) => (string?)job["spec"]?["template"]?["spec"]?["nodeSelector"]?["kubernetes.io/hostname"];

    public static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private void Measure()
    {
        var running = Cluster.State.List("v1", "Pod")
            .Where(p => (string?)p["metadata"]?["labels"]?["backup.homelab.dev/component"] == "backup" && (string?)p["status"]?["phase"] == "Running")
            .GroupBy(p => (string?)p["spec"]?["nodeName"] ?? "?");
        foreach (var node in running)
        {
            PeakPerNode[node.Key] = Math.Max(PeakPerNode.GetValueOrDefault(node.Key), node.Count());
        }
    }

    public async ValueTask DisposeAsync()
    {
        Pass?.Dispose();
        await _simulator.DisposeAsync();
        Client.Dispose();
        await Cluster.DisposeAsync();
    }
}
