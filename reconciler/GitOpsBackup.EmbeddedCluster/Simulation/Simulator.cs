using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Store;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// What the control plane and the nodes would do for our objects, on the injected clock: CronJobs
/// fire Jobs on schedule (in their time zone, Forbid/Replace honoured, history limits kept), Jobs
/// start a Pod on a node and finish after a seeded time with an exit code, finished Jobs expire
/// after their TTL, Deployments and StatefulSets scaled down lose their pods, and bound PVCs get a VolumeAttachment that follows the app's pod.
/// Writes go through the same registry as API requests (so watches see them) but not through
/// HTTP, so they never appear in the request log. One pass at a time: the background loop and
/// <see cref="Tick"/> callers take turns.
/// </summary>
internal sealed class Simulator : IAsyncDisposable
{
    private readonly EmbeddedClusterOptions options;
    private readonly CronJobController cronJobs;
    private readonly JobController jobs;
    private readonly TtlController ttl;
    private readonly VolumeAttacher attacher;
    private readonly WorkloadController workloads;
    private readonly Lock pass = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private Simulator(ClusterState state, Registry registry, EmbeddedClusterOptions options, bool run)
    {
        this.options = options;
        var kit = new ControllerKit(state, registry, options);
        cronJobs = new CronJobController(kit);
        jobs = new JobController(kit);
        ttl = new TtlController(kit);
        attacher = new VolumeAttacher(kit);
        workloads = new WorkloadController(kit);
        loop = run ? Task.Run(() => RunAsync(stop.Token)) : Task.CompletedTask;
    }

    /// <summary>Creates the options' nodes (when there are none yet), then runs in the background if <see cref="EmbeddedClusterOptions.Simulate"/> is on.</summary>
    public static Simulator Start(ClusterState state, Registry registry, EmbeddedClusterOptions options)
    {
        foreach (var node in state.List("v1", "Node").Count == 0 ? options.InitialNodes : [])
        {
            state.Seed(Node(node));
        }

        return new Simulator(state, registry, options, run: options.Simulate);
    }

    /// <summary>A simulator that only moves when a test calls <see cref="Tick"/>.</summary>
    internal static Simulator Manual(ClusterState state, Registry registry, EmbeddedClusterOptions options) => new(state, registry, options, run: false);

    /// <summary>A Ready node labelled like a real one (hostname, os, arch) and marked simulated.</summary>
    public static JsonObject Node(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject
            {
                ["kubernetes.io/hostname"] = name,
                ["kubernetes.io/os"] = "linux",
                ["kubernetes.io/arch"] = "amd64",
                ["simulated"] = "true",
            },
        },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
    };

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                Tick();
            }
            catch (Exception ex)
            {
                // Keep the reason and look again on the next tick: the loop never dies of one pass.
                LastError = ex;
            }

            try
            {
                await Task.Delay(options.SimulationInterval, options.Time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>The last failure of a background tick (the loop never dies of one).</summary>
    internal Exception? LastError { get; private set; }

    /// <summary>One pass of every controller, at the clock's current time.</summary>
    internal void Tick()
    {
        lock (pass)
        {
            var now = options.Time.GetUtcNow();
            cronJobs.Fire(now);
            jobs.Run(now);
            ttl.Collect(now);
            workloads.Sync();
            cronJobs.Track();
            attacher.Attach();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
