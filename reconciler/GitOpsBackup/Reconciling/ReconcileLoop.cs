using GitOpsBackup.Cluster;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// The <c>run</c> service: one loop body. A pass runs on the interval (±10% jitter), at once when a
/// watched Job changes or <see cref="Trigger"/> is pulled (a webhook), and no later than the pass
/// asked for (a source back-off, the night's latest start). A periodic resync relists everything so
/// drift made behind a watch's back is found.
/// </summary>
internal sealed class ReconcileLoop(ReconcilePass pass, WatchCache cache, LoopOptions options, TimeProvider time, ILogger log, IHostApplicationLifetime? lifetime = null)
    : BackgroundService
{
    /// <summary>Every pass's outcome, for the demo view, tests and (later) metrics.</summary>
    public event Action<PassOutcome>? PassCompleted;

    /// <summary>The desired state of the last good revision (null before the first pass), for the night page.</summary>
    public Func<RepoState?> State => () => pass.State;

    /// <summary>The exit code <c>run --once</c> reports.</summary>
    public int ExitCode { get; private set; }

    public int Passes { get; private set; }

    /// <summary>Starts a pass now (webhooks); requests made during a pass coalesce into one more pass.</summary>
    public PassTrigger Trigger { get; } = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await LeadingAsync(stoppingToken))
        {
            return; // stopped while standing by
        }

        var nextResync = time.GetUtcNow() + options.Resync;
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = cache.Version;
            var outcome = await RunPassAsync(stoppingToken);
            if (outcome is null)
            {
                break; // stopping
            }

            if (options.Once)
            {
                ExitCode = outcome.Kind is PassKind.NoChange or PassKind.Applied ? 0 : 1;
                lifetime?.StopApplication();
                return;
            }

            var now = time.GetUtcNow();
            var wait = Jittered(options.Interval);
            if (outcome.NextRunAt is { } asked && asked - now < wait)
            {
                wait = asked > now ? asked - now : TimeSpan.Zero;
            }

            try
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var timer = Task.Delay(wait, time, wake.Token);
                var change = cache.WaitForChangeAsync(seen, wake.Token);
                await Task.WhenAny(timer, change, Trigger.WaitAsync(wake.Token));
                await wake.CancelAsync();
                if (time.GetUtcNow() >= nextResync)
                {
                    await cache.ResyncAsync(stoppingToken);
                    nextResync = time.GetUtcNow() + options.Resync;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task<bool> LeadingAsync(CancellationToken stoppingToken)
    {
        if (options.UntilLeading is not { } untilLeading)
        {
            return true;
        }

        try
        {
            await untilLeading(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<PassOutcome?> RunPassAsync(CancellationToken ct)
    {
        try
        {
            var started = time.GetTimestamp();
            var outcome = await pass.RunAsync(ct) with { Duration = time.GetElapsedTime(started) };
            if (outcome.Rendered)
            {
                // A new revision's parse, render and cold apply leave far more garbage than a no-op pass ever
                // allocates, so the GC would keep that memory committed for good: compact once and give it back.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                log.Information("Memory after loading {Revision}: GC heap {Heap:0.0} MiB of {Resident:0.0} MiB resident",
                    outcome.Revision, GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0, Environment.WorkingSet / 1048576.0);
            }

            Passes++;
            Log(outcome);
            PassCompleted?.Invoke(outcome);
            return outcome;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // SIGTERM mid-pass: every write is a whole request, so stopping here leaves nothing half-done.
            return null;
        }
        catch (ClusterApiException ex)
        {
            log.Warning("Pass failed on the API server: {Error}", ex.Message);
            return new PassOutcome { Kind = PassKind.ClusterFailed, Errors = [ex.Message] };
        }
    }

    private void Log(PassOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case PassKind.NoChange:
                log.Debug("No changes at {Revision}", outcome.Revision);
                break;
            case PassKind.Applied:
                log.Information("Pass applied at {Revision}: {Plan}; {Jobs}", outcome.Revision, outcome.Applied?.Summary ?? "no object changes", string.Join("; ", outcome.JobWrites));
                break;
            default:
                log.Warning("Pass {Kind} at {Revision}: {Errors}", outcome.Kind, outcome.Revision, string.Join("; ", outcome.Errors));
                break;
        }
    }

    private TimeSpan Jittered(TimeSpan interval) =>
        TimeSpan.FromTicks((long)(interval.Ticks * (1 + ((options.Random.NextDouble() * 2) - 1) * options.Jitter)));
}
