using GitOpsBackup.Cluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Source;
using GitOpsBackup.Tests.Fixtures;
using k8s;
using Polly;
using Polly.Retry;

namespace GitOpsBackup.Tests.Reliability;

/// <summary>
/// One reconciler as <c>run</c> wires it (git source → pass → watch cache → loop), in process and on the
/// campaign's clock. A kill stops it wherever it is; the next instance starts with nothing kept: a new
/// git clone, a new watch cache, no parse or render cache.
/// </summary>
internal sealed class ReconcilerProcess : IAsyncDisposable
{
    /// <summary>The pass's client gives up on a request after this (real) time: what a timeout fault exceeds. Long enough that a loaded machine does not time out on its own.</summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A fetch the kill left running can still write into the git cache for a moment.</summary>
    private static readonly ResiliencePipeline CleanUp = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions { ShouldHandle = new PredicateBuilder().Handle<IOException>(), MaxRetryAttempts = 5, Delay = TimeSpan.FromMilliseconds(200) })
        .Build();

    private readonly Kubernetes _watchClient;
    private readonly Kubernetes _client;
    private readonly string _gitCache;
    private WatchCache? _cache;
    private ReconcilePass? _pass;

    private ReconcilerProcess(Uri api)
    {
        var host = api.ToString().TrimEnd('/');
        _watchClient = new Kubernetes(new KubernetesClientConfiguration { Host = host });
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = host, HttpClientTimeout = ClientTimeout });
        _gitCache = GitPorts.NewTempDirectory("gob-campaign-src");
    }

    public ReconcileLoop? Loop { get; private set; }

    public PassOutcome? LastOutcome { get; private set; }

    /// <summary>The revision the pass has loaded (what a delete in flight acts on), for the trace.</summary>
    public string? LoadedRevision => _pass?.State?.Revision;

    /// <summary>CronJob deletes of completed passes, "ns/name at revision", drained by the campaign's trace.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Deletes { get; } = new();

    /// <summary>When (simulated) the last pass ended: a wait that outlives its cause with no pass since is the loop's stall, not the decision's.</summary>
    public DateTimeOffset? LastPassAt { get; private set; }

    /// <summary>The loop ended on its own with an error (a crash, not a kill).</summary>
    public Exception? Crash => Loop?.ExecuteTask is { IsFaulted: true } t ? t.Exception : null;

    public static async Task<ReconcilerProcess> StartAsync(Uri api, string repoUrl, CampaignClock clock, int seed, CancellationToken ct)
    {
        var process = new ReconcilerProcess(api);
        try
        {
            // Budgets are in simulated time on this clock: scale them back to real seconds, as the demo does.
            var defaults = WatchCacheOptions.Default;
            var cacheOptions = defaults with
            {
                RequestTimeout = defaults.RequestTimeout * clock.Speed,
                WatchTimeout = defaults.WatchTimeout * clock.Speed,
                WatchGrace = defaults.WatchGrace * clock.Speed,
            };
            process._cache = await WatchCache.StartAsync(process._watchClient, WatchedKind.Reconciler, clock, cacheOptions, ct);
            var source = new GitSource(new GitSourceOptions
            {
                Url = repoUrl,
                CacheRoot = process._gitCache,
                Timeout = TimeSpan.FromSeconds(20) * clock.Speed,
            }, clock, new Random(seed).NextDouble);
            process._pass = new ReconcilePass(new GitConfigSource(source, repoUrl), new CachedLiveSource(process._cache), process._client, new PassOptions { Admit = true }, clock);
            process.Loop = new ReconcileLoop(process._pass, process._cache, new LoopOptions { Interval = TimeSpan.FromMinutes(1), Random = new Random(seed) }, clock, Serilog.Core.Logger.None);
            process.Loop.PassCompleted += outcome =>
            {
                process.LastOutcome = outcome;
                foreach (var deleted in outcome.Applied?.Objects.Where(o => o.Outcome is ObjectOutcome.Deleted or ObjectOutcome.Recreated) ?? [])
                {
                    process.Deletes.Enqueue($"{deleted.Outcome} {deleted.Change.Target.Namespace}/{deleted.Change.Target.Name} by a pass at {outcome.Revision}");
                }
                process.LastPassAt = clock.GetUtcNow();
            };
            await process.Loop.StartAsync(ct);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the loop mid-whatever (its pass is cancelled at the next await) and drops every cache.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Loop is not null)
        {
            await Loop.StopAsync(CancellationToken.None);
            Loop.Dispose();
        }

        _pass?.Dispose();
        if (_cache is not null)
        {
            await _cache.DisposeAsync();
        }

        _client.Dispose();
        _watchClient.Dispose();
        try
        {
            await CleanUp.ExecuteAsync(_ => { GitPorts.DeleteDirectory(_gitCache); return ValueTask.CompletedTask; });
        }
        catch (IOException)
        {
            // Cleanup only: the killed instance's last fetch (libgit2 cannot be interrupted) may still write there.
        }
    }
}
