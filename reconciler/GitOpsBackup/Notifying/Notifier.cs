using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Serilog;

namespace GitOpsBackup.Notifying;

/// <summary>
/// Sends the reconciler's notifications over HTTP: the night's healthchecks ping, ntfy messages and
/// the JSON webhook. Each call is bounded (a timeout per attempt, three attempts through
/// <see cref="Resilience"/>) and never throws: a notification that cannot be delivered is logged
/// and the pass goes on. URLs and tokens are never logged; failures name only what was sent.
/// </summary>
internal sealed class Notifier(HttpClient http, TimeProvider time, ILogger log)
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly Backoff Backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
    private readonly ResiliencePipeline _retry = Resilience.Retry(3, Backoff, time, ex => ex is HttpRequestException);

    /// <summary>healthchecks.io: &lt;url&gt; on success, &lt;url&gt;/fail otherwise, the message as the body (shown in the check's log).</summary>
    public Task<bool> PingAsync(string url, bool succeeded, string body, CancellationToken ct) =>
        SendAsync("the night's ping", () => new HttpRequestMessage(HttpMethod.Post, succeeded ? url : url.TrimEnd('/') + "/fail")
        {
            Content = new StringContent(body, Encoding.UTF8, "text/plain"),
        }, ct);

    /// <summary>ntfy: the message as the body, title, priority and tags as headers; the token as a Bearer token.</summary>
    public Task<bool> NtfyAsync(string url, string? token, Notice notice, CancellationToken ct) =>
        SendAsync("ntfy", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(notice.Message, Encoding.UTF8, "text/plain") };
            request.Headers.Add("Title", notice.Title);
            request.Headers.Add("Priority", notice.Failed ? "high" : "default");
            request.Headers.Add("Tags", notice.Failed ? "warning" : "white_check_mark");
            if (!string.IsNullOrEmpty(token))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return request;
        }, ct);

    /// <summary>The generic webhook: one JSON object per change of state.</summary>
    public Task<bool> WebhookAsync(string url, Notice notice, CancellationToken ct) =>
        SendAsync("the webhook", () => new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(Json(notice), Encoding.UTF8, "application/json"),
        }, ct);

    public static string Json(Notice notice) => new JsonObject
    {
        ["subject"] = notice.Subject,
        ["namespace"] = notice.Namespace,
        ["app"] = notice.App,
        ["state"] = notice.State,
        ["reason"] = notice.Reason,
        ["previous"] = notice.Previous,
        ["job"] = notice.Job,
        ["at"] = notice.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["message"] = notice.Message,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    private async Task<bool> SendAsync(string what, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        try
        {
            await _retry.ExecuteAsync(async token =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(AttemptTimeout);
                using var message = request();
                using var response = await http.SendAsync(message, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
                }
            }, ct);
            return true;
        }
        catch (HttpRequestException ex)
        {
            // The status, or that no connection was made; never the exception's text (it may carry the host or the URL).
            log.Warning("Notification via {What} not delivered: {Reason}", what, ex.StatusCode is { } status ? $"HTTP {(int)status}" : "no connection");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            log.Warning("Notification via {What} not delivered: no answer within {Timeout}", what, AttemptTimeout);
        }

        return false;
    }
}
