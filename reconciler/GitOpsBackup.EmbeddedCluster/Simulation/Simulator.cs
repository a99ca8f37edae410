using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Store;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// What the control plane and the nodes would do for our objects, on the injected clock: CronJobs
/// fire Jobs on schedule (in their time zone, Forbid/Replace honoured, history limits kept), Jobs
/// start a Pod on a node and succeed after a set time, and bound PVCs get a VolumeAttachment.
/// Writes go through the same registry as API requests (so watches see them) but not through
/// HTTP, so they never appear in the request log.
/// </summary>
internal sealed class Simulator : IAsyncDisposable
{
    private readonly EmbeddedClusterOptions options;
    private readonly CronJobController cronJobs;
    private readonly JobController jobs;
    private readonly VolumeAttacher attacher;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private Simulator(ClusterState state, Registry registry, EmbeddedClusterOptions options, bool run)
    {
        this.options = options;
        var kit = new ControllerKit(state, registry, options);
        cronJobs = new CronJobController(kit);
        jobs = new JobController(kit);
        attacher = new VolumeAttacher(kit);
        loop = run ? Task.Run(() => RunAsync(stop.Token)) : Task.CompletedTask;
    }

    public static Simulator Start(ClusterState state, Registry registry, EmbeddedClusterOptions options)
    {
        foreach (var node in state.List("v1", "Node").Count == 0 ? options.SimulatedNodes : [])
        {
            state.Seed(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject { ["name"] = node, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = node, ["simulated"] = "true" } },
                ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
            });
        }

        return new Simulator(state, registry, options, run: true);
    }

    /// <summary>A simulator that only moves when a test calls <see cref="Tick"/>.</summary>
    internal static Simulator Manual(ClusterState state, Registry registry, EmbeddedClusterOptions options) => new(state, registry, options, run: false);

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
                // A client changed or deleted an object under us: keep the reason, look again on the next tick.
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

    /// <summary>One pass of every controller.</summary>
    internal void Tick()
    {
        var now = options.Time.GetUtcNow();
        cronJobs.Fire(now);
        jobs.Run(now);
        cronJobs.Track();
        attacher.Attach();
    }









    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
