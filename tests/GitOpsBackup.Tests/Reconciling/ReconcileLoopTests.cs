using System.Threading.Channels;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Tests.Specs;
using k8s;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>
/// The run loop against the embedded cluster and a real watch cache, on a fake clock: a pass on the
/// interval (±10%, from a seeded Random), a pass at once when the cache changes, a prompt stop. No sleeps:
/// the test waits for what the loop does (each pass, each wait it asks the clock for), bounded by a timeout.
/// </summary>
public sealed class ReconcileLoopTests : IAsyncLifetime, IDisposable
{
    private const int Seed = 20261203;
    private static readonly DateTimeOffset Start = NightHarness.Utc("2026-12-03T12:00:00Z");
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly WaitSignallingTimeProvider _time = new(Start);
    private readonly Channel<(PassOutcome Outcome, DateTimeOffset At)> _passes = Channel.CreateUnbounded<(PassOutcome, DateTimeOffset)>();
    private readonly CancellationTokenSource _safety = new(TimeSpan.FromSeconds(60));
    private EmbeddedKubernetes _cluster = null!;
    private Kubernetes _client = null!;
    private WatchCache _cache = null!;
    private ReconcilePass _pass = null!;
    private ReconcileLoop _loop = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedKubernetes.StartAsync();
        _cluster.State.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"app"}}""");
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = _cluster.BaseAddress.ToString().TrimEnd('/') });

        // The cache reconnects on the real clock; the loop and the pass run on the fake one, whose only timers are the loop's waits.
        _cache = await WatchCache.StartAsync(_client, WatchedKind.Reconciler, TimeProvider.System, _safety.Token);
        var repo = new InMemoryRepoTree().Defaults().App("app", "app", "0 2 * * *");
        _pass = new ReconcilePass(new WorkingTreeSource(repo, "test-repo"), new CachedLiveSource(_cache), _client, new PassOptions { Admit = true }, _time);
        _loop = new ReconcileLoop(_pass, _cache, new LoopOptions { Interval = Interval, Resync = TimeSpan.FromDays(1), Random = new Random(Seed) }, _time, Serilog.Core.Logger.None);
        _loop.PassCompleted += outcome => _passes.Writer.TryWrite((outcome, _time.GetUtcNow()));
    }

    public async Task DisposeAsync()
    {
        await _loop.StopAsync(CancellationToken.None);
        await _cache.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    public void Dispose()
    {
        _loop.Dispose();
        _pass.Dispose();
        _client.Dispose();
        _safety.Dispose();
    }

    /// <summary>The waits the loop must ask for: the interval ±10%, drawn from the same seed (Task.Delay keeps whole milliseconds).</summary>
    private static List<TimeSpan> Jittered(int count)
    {
        var random = new Random(Seed);
        return [.. Enumerable.Range(0, count).Select(_ => TimeSpan.FromMilliseconds(Math.Floor(Interval.TotalMilliseconds * (1 + ((random.NextDouble() * 2) - 1) * 0.1))))];
    }

    private async Task<(PassOutcome Outcome, DateTimeOffset At)> NextPassAsync() => await _passes.Reader.ReadAsync(_safety.Token);

    [Fact]
    public async Task Loop_PassesOnTheJitteredInterval_AtOnceOnAWatchedChange_AndStopsPromptly()
    {
        await _loop.StartAsync(_safety.Token);

        // 1. The first pass at once: the app's CronJob is created.
        var first = await NextPassAsync();
        Assert.Equal((PassKind.Applied, Start), (first.Outcome.Kind, first.At));
        var waits = new List<TimeSpan> { await _time.NextWaitAsync(_safety.Token) };

        // 2. The create comes back through the watch: a pass at once, the clock not moved; it finds nothing to do.
        var second = await NextPassAsync();
        Assert.Equal((PassKind.NoChange, Start), (second.Outcome.Kind, second.At));
        waits.Add(await _time.NextWaitAsync(_safety.Token));

        // 3. Nothing changes: no pass until the jittered interval is over, then one.
        _time.Advance(waits[1] - TimeSpan.FromTicks(1));
        Assert.False(_passes.Reader.TryRead(out _), "a pass before the interval was over");
        _time.Advance(TimeSpan.FromTicks(1));
        var third = await NextPassAsync();
        Assert.Equal((PassKind.NoChange, Start + waits[1]), (third.Outcome.Kind, third.At));
        waits.Add(await _time.NextWaitAsync(_safety.Token));
        _time.Advance(waits[2]);
        var fourth = await NextPassAsync();
        Assert.Equal(Start + waits[1] + waits[2], fourth.At);
        waits.Add(await _time.NextWaitAsync(_safety.Token));

        // 4. A watched object changes (a node joins): a pass at once, long before the interval.
        var before = _time.GetUtcNow();
        _cluster.State.Seed("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-9","labels":{"kubernetes.io/hostname":"node-9"}}}""");
        var woken = await NextPassAsync();
        Assert.Equal((PassKind.NoChange, before), (woken.Outcome.Kind, woken.At));
        waits.Add(await _time.NextWaitAsync(_safety.Token));

        // 5. Stopped while it waits for a timer that never fires (the fake clock stands still): it returns at once.
        await _loop.StopAsync(_safety.Token).WaitAsync(TimeSpan.FromSeconds(10), _safety.Token);

        Assert.True(_loop.ExecuteTask!.IsCompletedSuccessfully, "the loop ended with an error");
        Assert.Equal(5, _loop.Passes);
        Assert.Equal(Jittered(5), waits);
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromSeconds(54), TimeSpan.FromSeconds(66)));
        Assert.True(waits.Distinct().Count() > 1, "the interval is not jittered");
        Assert.False(_passes.Reader.TryRead(out _), "a pass after the stop");
    }

    [Fact]
    public async Task Trigger_EndsTheWait_APassAtOnce_ThenTheLoopWaitsAgain()
    {
        await _loop.StartAsync(_safety.Token);
        await NextPassAsync(); // the first pass, then the watch's echo of its create
        await _time.NextWaitAsync(_safety.Token);
        await NextPassAsync();
        await _time.NextWaitAsync(_safety.Token);

        // A webhook's trigger ends the wait: a pass now, the clock not moved.
        _loop.Trigger.Request();
        var triggered = await NextPassAsync();
        await _time.NextWaitAsync(_safety.Token);
        await _loop.StopAsync(_safety.Token).WaitAsync(TimeSpan.FromSeconds(10), _safety.Token);

        Assert.Equal((PassKind.NoChange, Start), (triggered.Outcome.Kind, triggered.At));
        Assert.Equal(3, _loop.Passes);
        Assert.False(_passes.Reader.TryRead(out _), "a second pass for one request");
    }

    [Fact]
    public async Task Once_RunsOnePass_AndReportsItsExitCode()
    {
        using var once = new ReconcileLoop(_pass, _cache, new LoopOptions { Once = true, Random = new Random(Seed) }, _time, Serilog.Core.Logger.None);
        var passes = 0;
        once.PassCompleted += _ => passes++;

        await once.StartAsync(_safety.Token);
        await once.ExecuteTask!.WaitAsync(_safety.Token);

        Assert.Equal((1, 0), (passes, once.ExitCode));
        Assert.Single(_cluster.State.List("batch/v1", "CronJob"));
    }
}
