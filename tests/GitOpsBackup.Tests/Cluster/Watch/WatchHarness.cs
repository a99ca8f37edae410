using System.Text;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using k8s;

namespace GitOpsBackup.Tests.Cluster.Watch;

/// <summary>
/// One embedded cluster, a client for it and a fake clock, per test: the tests count requests, cut
/// watches and shrink the watch history cluster-wide. Records the Authorization header of every
/// request the client sends, to show the cache's raw requests carry the client's credentials.
/// </summary>
internal sealed class WatchHarness : IAsyncDisposable
{
    public const string Token = "watch-test-token";

    /// <summary>Safety net only: every wait in these tests ends on an event long before.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The back-off the tests configure: a fixed, seeded jitter under <see cref="LongestBackoff"/>.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(2);

    private readonly List<WatchCache> _caches = [];
    private readonly RequestRecorder _recorder = new();

    private WatchHarness(EmbeddedKubernetes cluster)
    {
        Cluster = cluster;
        using var kubeconfig = new MemoryStream(Encoding.UTF8.GetBytes(Contract.EmbeddedTarget.Kubeconfig(cluster.BaseAddress, Token)));
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig), _recorder);
    }

    public EmbeddedKubernetes Cluster { get; }

    public Kubernetes Client { get; }

    public BackoffClock Time { get; } = new(LongestBackoff);

    /// <summary>The Authorization header of each request, in order ("" when none).</summary>
    public IReadOnlyCollection<string> Authorizations => _recorder.Authorizations;

    /// <summary>The next watch request the client sends (each one once, in order).</summary>
    public Task<Uri> NextWatchAsync(CancellationToken cancellationToken) => _recorder.NextWatchAsync(cancellationToken);

    public static WatchCacheOptions Options { get; } = new()
    {
        ReconnectDelay = TimeSpan.FromSeconds(1),
        MaxReconnectDelay = LongestBackoff,
        Randomizer = Seeded(7),
    };

    public static async Task<WatchHarness> StartAsync(EmbeddedClusterOptions? options = null) =>
        new(await EmbeddedKubernetes.StartAsync(options));

    public async Task<WatchCache> StartCacheAsync(IReadOnlyList<WatchedKind> kinds, WatchCacheOptions? options = null, CancellationToken cancellationToken = default)
    {
        var cache = await WatchCache.StartAsync(Client, kinds, Time, options ?? Options, cancellationToken);
        _caches.Add(cache);
        return cache;
    }

    /// <summary>Requests other than watches: lists, gets, writes. An idle cache must add none.</summary>
    public int NonWatchRequests => Cluster.Requests.Entries.Count(e => e.Verb != "watch");

    public async ValueTask DisposeAsync()
    {
        foreach (var cache in _caches)
        {
            await cache.DisposeAsync();
        }

        Client.Dispose();
        await Cluster.DisposeAsync();
    }

    /// <summary>Waits, change by change, until <paramref name="condition"/> holds; never polls.</summary>
    public static async Task UntilAsync(WatchCache cache, Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var version = cache.Version;
            if (condition())
            {
                return;
            }

            try
            {
                await cache.WaitForChangeAsync(version, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the cache did not get there in time; its last error: {cache.LastError ?? "none"}");
            }
        }
    }

    // Random is not thread-safe; several watch loops may back off at once.
    private static Func<double> Seeded(int seed)
    {
        var random = new Random(seed);
        var gate = new Lock();
        return () =>
        {
            lock (gate)
            {
                return random.NextDouble();
            }
        };
    }
}
