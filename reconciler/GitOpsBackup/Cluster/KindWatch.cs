using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;

namespace GitOpsBackup.Cluster;

/// <summary>
/// The list-then-watch loop of one kind, as client-go's reflector: list (paged), watch from the
/// list's resourceVersion, apply each event to the cache; when the watch ends cleanly open the next
/// one at once from the last version seen; when it fails (connection lost, 5xx, presumed dead) let the
/// reconnect pipeline back off and retry; on 410 Gone, or when a resync asks, list again first.
/// </summary>
internal sealed class KindWatch(WatchedKind kind, RawApi api, WatchCache cache, WatchCacheOptions options, TimeProvider time)
{
    /// <summary>A watch that ends sooner than this with no event is a failure, as in client-go's reflector.</summary>
    private static readonly TimeSpan ShortestWatch = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private List<TaskCompletionSource> _relistWaiters = [];
    private bool _relistWanted;
    private bool _stopped;
    private CancellationTokenSource? _interrupt;

    // Touched only by the loop (and by the first list, before the loop starts).
    private string? _resourceVersion;

    /// <summary>Lists every page and replaces the kind's objects; the next watch starts from this list.</summary>
    public async Task ListAsync(bool relist, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? listVersion = null;
        string? page = null;
        do
        {
            var uri = $"{kind.CollectionPath}?limit={options.PageSize.ToString(CultureInfo.InvariantCulture)}{Selector()}"
                + (page is null ? "" : $"&continue={Uri.EscapeDataString(page)}");
            using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            JsonObject list;
            try
            {
                list = await api.GetJsonAsync(uri, "LIST", kind, linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ClusterApiException($"LIST {kind}: no response (timed out)");
            }

            // The first page's version: every page is served from that snapshot, and a watch from it
            // replays whatever changed since.
            listVersion ??= (string?)list["metadata"]?["resourceVersion"];
            if (list["items"] is JsonArray array)
            {
                var pageItems = array.OfType<JsonObject>().ToList();
                array.Clear(); // detaches the items from the list so the cache can keep them
                items.AddRange(pageItems.Select(Normalized));
            }

            page = (string?)list["metadata"]?["continue"];
        }
        while (!string.IsNullOrEmpty(page));

        if (string.IsNullOrEmpty(listVersion))
        {
            throw new ClusterApiException($"LIST {kind}: the list has no resourceVersion to watch from");
        }

        _resourceVersion = listVersion;
        cache.Replace(kind, items, relist);
    }

    /// <summary>Asks the loop to list again (interrupting the open watch); completes when that list is in.</summary>
    public Task RequestRelist()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopped)
            {
                waiter.SetCanceled();
                return waiter.Task;
            }

            _relistWanted = true;
            _relistWaiters.Add(waiter);
            _interrupt?.Cancel();
        }

        return waiter.Task;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; every failure goes through <paramref name="reconnect"/>.</summary>
    public async Task RunAsync(ResiliencePipeline reconnect, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await reconnect.ExecuteAsync(static (self, ct) => new ValueTask(self.CycleAsync(ct)), this, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            List<TaskCompletionSource> waiters;
            lock (_gate)
            {
                _stopped = true;
                waiters = _relistWaiters;
                _relistWaiters = [];
            }

            foreach (var waiter in waiters)
            {
                waiter.TrySetCanceled(cancellationToken);
            }
        }
    }

    /// <summary>One round: list if wanted, then one watch until it ends. Throws only what deserves a back-off.</summary>
    private async Task CycleAsync(CancellationToken cancellationToken)
    {
        List<TaskCompletionSource>? waiters = null;
        lock (_gate)
        {
            if (_relistWanted || _resourceVersion is null)
            {
                waiters = _relistWaiters;
                _relistWaiters = [];
                _relistWanted = false;
            }
        }

        if (waiters is not null)
        {
            try
            {
                await ListAsync(relist: true, cancellationToken);
            }
            catch
            {
                lock (_gate)
                {
                    _relistWanted = true;
                    _relistWaiters.AddRange(waiters);
                }

                throw;
            }

            foreach (var waiter in waiters)
            {
                waiter.TrySetResult();
            }
        }

        using var interrupt = new CancellationTokenSource();
        lock (_gate)
        {
            if (_relistWanted)
            {
                return; // a resync came in while listing: list again before watching
            }

            _interrupt = interrupt;
        }

        try
        {
            await WatchAsync(interrupt.Token, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _interrupt = null;
            }
        }
    }

    private async Task WatchAsync(CancellationToken interrupt, CancellationToken cancellationToken)
    {
        var uri = $"{kind.CollectionPath}?watch=true&allowWatchBookmarks=true"
            + $"&resourceVersion={Uri.EscapeDataString(_resourceVersion!)}"
            + $"&timeoutSeconds={((long)options.WatchTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)}{Selector()}";
        using var deadline = new CancellationTokenSource(options.WatchTimeout + options.WatchGrace, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interrupt, deadline.Token);
        try
        {
            using var response = await OpenAsync(uri, linked.Token, cancellationToken);
            cache.CountWatch();
            var opened = time.GetTimestamp();
            var events = 0;
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            using var reader = new StreamReader(body);
            while (await reader.ReadLineAsync(linked.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                events++;
                if (!Apply(line))
                {
                    return;
                }
            }

            // The server ended the watch (timeoutSeconds): the loop opens the next one at once, unless
            // it ended as soon as it began, which repeated would be a busy loop (a proxy closing every
            // stream, say): that one is a failure and backs off.
            if (events == 0 && time.GetElapsedTime(opened) < ShortestWatch)
            {
                throw new ClusterApiException($"WATCH {kind}: ended at once without an event");
            }
        }
        catch (ClusterApiException ex) when (ex.Status == 410)
        {
            Expired(); // some servers answer an expired resourceVersion with a plain 410
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && interrupt.IsCancellationRequested)
        {
            // A resync: the loop lists next.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new ClusterApiException($"WATCH {kind}: still open {options.WatchGrace} after its timeout, presumed dead");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw RawApi.Lost("WATCH", kind, ex);
        }
    }

    /// <summary>Opens the watch; its headers must come within the request timeout.</summary>
    private async Task<HttpResponseMessage> OpenAsync(string uri, CancellationToken watchToken, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(watchToken, timeout.Token);
        try
        {
            return await api.SendAsync(uri, "WATCH", kind, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ClusterApiException($"WATCH {kind}: no response (timed out)");
        }
    }

    /// <summary>Applies one event line; false when the watch must end for a relist (410 Gone).</summary>
    private bool Apply(string line)
    {
        JsonObject change;
        try
        {
            change = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new ClusterApiException($"WATCH {kind}: an event that is not JSON");
        }

        var type = change["type"] is JsonValue t && t.TryGetValue(out string? s) ? s : null;
        var obj = change["object"] as JsonObject;
        change.Remove("object"); // detached, the cache can keep it
        if (obj is null)
        {
            throw new ClusterApiException($"WATCH {kind}: a {type ?? "typeless"} event without an object");
        }

        switch (type)
        {
            case "ADDED" or "MODIFIED":
                cache.Upsert(kind, Normalized(obj));
                break;
            case "DELETED":
                cache.Remove(kind, obj);
                break;
            case "BOOKMARK":
                break;
            case "ERROR":
                var code = obj["code"] is JsonValue c && c.TryGetValue(out int n) ? n : 0;
                if (code == 410)
                {
                    Expired();
                    return false;
                }

                var reason = obj["reason"] is JsonValue r && r.TryGetValue(out string? word) ? word : "";
                throw new ClusterApiException($"WATCH {kind}: {code.ToString(CultureInfo.InvariantCulture)} {reason}".TrimEnd()) { Status = code, Reason = reason };
            default:
                return true; // an event type this version does not know: skip it, keep the place
        }

        if (KindStore.ResourceVersion(obj) is { Length: > 0 } rv)
        {
            _resourceVersion = rv;
        }

        return true;
    }

    /// <summary>The watch fell out of the server's history: what we hold may be stale until the next list.</summary>
    private void Expired()
    {
        cache.MarkStale(kind);
        lock (_gate)
        {
            _relistWanted = true;
        }
    }

    private string Selector() =>
        string.IsNullOrEmpty(kind.LabelSelector) ? "" : $"&labelSelector={Uri.EscapeDataString(kind.LabelSelector)}";

    /// <summary>
    /// Items of a list carry no apiVersion/kind; consumers need them. The cache keeps a compact copy
    /// (<see cref="JsonCompactor"/>): plain values that no longer pin the event's text, shared strings, no
    /// managedFields. The copy is built in full here, before other threads share it (a parsed JsonObject
    /// builds itself on first access, which is not safe to race).
    /// </summary>
    private JsonObject Normalized(JsonObject obj)
    {
        var compact = JsonCompactor.Shared.Compact(obj);
        compact["apiVersion"] ??= kind.ApiVersion;
        compact["kind"] ??= kind.Kind;
        return compact;
    }
}
