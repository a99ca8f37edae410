using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Semantics;
using GitOpsBackup.EmbeddedCluster.Store;
using Microsoft.AspNetCore.Http;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// A watch: one JSON object per line ({"type":"ADDED","object":{…}}), flushed as it happens.
/// An empty or "0" resourceVersion starts with ADDED for every current object; a resourceVersion
/// older than the retained history gets an ERROR event with a 410 Expired Status, as on a real server.
/// </summary>
internal static class WatchStream
{
    public static async Task ServeAsync(HttpContext context, ClusterState state, ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, Func<JsonObject, bool, JsonObject>? asTable, CancellationToken stopping)
    {
        var query = context.Request.Query;
        var rvText = query["resourceVersion"].ToString();
        var watcher = new Watcher(type, ns, labels, fields);
        bool accepted;
        lock (state.Gate)
        {
            if (rvText is "" or "0")
            {
                foreach (var existing in state.Enumerate(type, ns).Where(watcher.Matches))
                {
                    watcher.Send("ADDED", existing);
                }

                accepted = state.Subscribe(watcher, state.Current);
            }
            else if (long.TryParse(rvText, out var since))
            {
                accepted = state.Subscribe(watcher, since);
            }
            else
            {
                throw ApiException.BadRequest($"invalid resourceVersion \"{rvText}\"");
            }
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        if (int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        try
        {
            await response.StartAsync(timeout.Token);
            await response.Body.FlushAsync(timeout.Token); // headers go out now, even before the first event
            if (!accepted)
            {
                var expired = Status.Failure(410, "Expired", $"too old resource version: {rvText} ({state.ResourceVersion})", null);
                await WriteEventAsync(response, "ERROR", expired, timeout.Token);
                return;
            }

            var first = true;
            await foreach (var (eventType, obj) in watcher.Reader.ReadAllAsync(timeout.Token))
            {
                // kubectl get -w asks for Tables: like a real server, only the first one carries the column headers.
                await WriteEventAsync(response, eventType, asTable is null ? obj : asTable(obj, first), timeout.Token);
                first = false;
            }

            if (watcher.Dropped)
            {
                context.Abort(); // a cut connection, not a clean end of stream
            }
        }
        catch (OperationCanceledException)
        {
            // Client went away, timeoutSeconds passed, or the server is stopping: end the stream.
        }
        finally
        {
            state.Unsubscribe(watcher);
            watcher.Close();
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, string type, JsonObject obj, CancellationToken ct)
    {
        var line = $"{{\"type\":\"{type}\",\"object\":{obj.ToJsonString(JsonOutput.Options)}}}\n";
        await response.WriteAsync(line, ct);
        await response.Body.FlushAsync(ct);
    }
}
