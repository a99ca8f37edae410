using System.Text.Json.Nodes;
using k8s;

namespace GitOpsBackup.Cluster;

/// <summary>
/// Live state fed by watches: every kind is listed once, then watched from the list's
/// resourceVersion, so a pass that finds nothing changed costs no request beyond the open watches.
/// Watches that fail reconnect from the last version seen after a Polly back-off with jitter; a
/// watch that fell out of the server's history (410 Gone) lists again. Thread-safe: the watch loops
/// write, passes read immutable snapshots. Watches only start passes; passes still read everything
/// (level-triggered), and <see cref="ResyncAsync"/> relists to catch what a watch could miss.
/// </summary>
internal sealed class WatchCache : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WatchedKind, KindStore> _stores = [];
    private readonly List<KindWatch> _watches = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _changed = NewSignal();
    private Task _running = Task.CompletedTask;
    private long _version;
    private string? _lastError;
    private long _lists;
    private long _relists;
    private long _watchesStarted;
    private bool _disposed;

    private WatchCache(RawApi api, IReadOnlyList<WatchedKind> kinds, TimeProvider time, WatchCacheOptions options)
    {
        foreach (var kind in kinds.Distinct())
        {
            _stores[kind] = new KindStore();
            _watches.Add(new KindWatch(kind, api, this, options, time));
        }

        Kinds = [.. _stores.Keys];
    }

    /// <summary>What this cache watches.</summary>
    public IReadOnlyList<WatchedKind> Kinds { get; }

    /// <summary>Bumped by every change applied (an event or a relist that found a difference).</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>Every kind listed, and none waiting for a relist after its watch fell behind (410).</summary>
    public bool Synced
    {
        get
        {
            lock (_gate)
            {
                return _stores.Values.All(s => s.Listed && !s.Stale);
            }
        }
    }

    /// <summary>The last list or watch failure (verb, resource, status; no URL, header or body), or null.</summary>
    public string? LastError
    {
        get
        {
            lock (_gate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Complete lists of a kind (all pages), the first ones included.</summary>
    public long Lists => Interlocked.Read(ref _lists);

    /// <summary>Lists after the first one of each kind: after 410 Gone, or asked by <see cref="ResyncAsync"/>.</summary>
    public long Relists => Interlocked.Read(ref _relists);

    /// <summary>Watch requests the server accepted.</summary>
    public long WatchesStarted => Interlocked.Read(ref _watchesStarted);

    /// <summary>Lists every kind (retrying transient errors a few times), then watches each in the background.</summary>
    public static Task<WatchCache> StartAsync(IKubernetes client, IReadOnlyList<WatchedKind> kinds, TimeProvider time, CancellationToken cancellationToken) =>
        StartAsync(client, kinds, time, WatchCacheOptions.Default, cancellationToken);

    /// <inheritdoc cref="StartAsync(IKubernetes, IReadOnlyList{WatchedKind}, TimeProvider, CancellationToken)"/>
    public static async Task<WatchCache> StartAsync(IKubernetes client, IReadOnlyList<WatchedKind> kinds, TimeProvider time, WatchCacheOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        var cache = new WatchCache(new RawApi(client), kinds, time, options);
        try
        {
            var first = WatchPipelines.FirstList(options, time, cache.RecordError);
            await Task.WhenAll(cache._watches.Select(w => first.ExecuteAsync(static (w, ct) => new ValueTask(w.ListAsync(relist: false, ct)), w, cancellationToken).AsTask()));
        }
        catch
        {
            await cache.DisposeAsync();
            throw;
        }

        var reconnect = WatchPipelines.Reconnect(options, time, cache.RecordError);
        var stopping = cache._stopping.Token;
        cache._running = Task.WhenAll(cache._watches.Select(w => Task.Run(() => w.RunAsync(reconnect, stopping), CancellationToken.None)));
        return cache;
    }

    /// <summary>
    /// The objects of <paramref name="kind"/> now, sorted by namespace and name. The list never changes
    /// and costs nothing when nothing changed since the last call; the objects are shared: read them,
    /// clone them (DeepClone) to change them.
    /// </summary>
    public IReadOnlyList<JsonObject> Snapshot(WatchedKind kind)
    {
        lock (_gate)
        {
            return _stores.TryGetValue(kind, out var store)
                ? store.Snapshot()
                : throw new ArgumentException($"{kind} is not watched by this cache", nameof(kind));
        }
    }

    /// <summary>Completes as soon as <see cref="Version"/> is above <paramref name="sinceVersion"/> (at once if it already is).</summary>
    public Task WaitForChangeAsync(long sinceVersion, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_version > sinceVersion)
            {
                return Task.CompletedTask;
            }

            changed = _changed.Task;
        }

        return changed.WaitAsync(cancellationToken);
    }

    /// <summary>Lists every kind again (the periodic drift resync); completes when every list is in.</summary>
    public Task ResyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_watches.Select(w => w.RequestRelist())).WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stopping.CancelAsync();
        await _running;
        _stopping.Dispose();
    }

    internal void Replace(WatchedKind kind, IReadOnlyList<JsonObject> items, bool relist)
    {
        // Counted before the change is visible: a test woken by it reads the counters right after.
        Interlocked.Increment(ref _lists);
        if (relist)
        {
            Interlocked.Increment(ref _relists);
        }

        lock (_gate)
        {
            if (_stores[kind].Replace(items))
            {
                Bump();
            }
        }
    }

    internal void Upsert(WatchedKind kind, JsonObject item)
    {
        lock (_gate)
        {
            if (_stores[kind].Upsert(item))
            {
                Bump();
            }
        }
    }

    internal void Remove(WatchedKind kind, JsonObject item)
    {
        lock (_gate)
        {
            if (_stores[kind].Remove(item))
            {
                Bump();
            }
        }
    }

    internal void MarkStale(WatchedKind kind)
    {
        lock (_gate)
        {
            _stores[kind].Stale = true;
        }
    }

    internal void CountWatch() => Interlocked.Increment(ref _watchesStarted);

    internal void RecordError(Exception error)
    {
        // Our own exceptions are written to be safe to show; anything else may quote what it should not.
        var message = error is ClusterApiException ? error.Message : $"unexpected {error.GetType().Name}";
        lock (_gate)
        {
            _lastError = message;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Callers hold the lock. Wakes every waiter of the previous version.</summary>
    private void Bump()
    {
        _version++;
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }
}
