using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace GitOpsBackup.Cluster;

/// <summary>
/// Plain GETs through KubernetesClient's own HttpClient (its TLS setup and client certificate), with
/// the client's credentials added per request exactly as its generated calls do. One path for lists
/// and watches of core (/api/v1) and group (/apis/group/version) resources alike: CustomObjects only
/// builds /apis paths. Every failure is a <see cref="ClusterApiException"/> naming the verb and the
/// resource, never a URL, header, token or body.
/// </summary>
internal sealed class RawApi
{
    private readonly Kubernetes _client;

    public RawApi(IKubernetes client)
    {
        // HttpClient, BaseUri and Credentials live on the concrete client, not on IKubernetes.
        _client = client as Kubernetes
            ?? throw new ArgumentException($"the watch cache needs a {typeof(Kubernetes).FullName}, not a {client?.GetType().Name ?? "null"}", nameof(client));
    }

    /// <summary>GETs a JSON object (a list page).</summary>
    public async Task<JsonObject> GetJsonAsync(string relativeUri, string verb, WatchedKind kind, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(relativeUri, verb, kind, cancellationToken);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync<JsonObject>(body, cancellationToken: cancellationToken)
                ?? throw new ClusterApiException($"{verb} {kind}: the response is not a JSON object") { Status = (int)response.StatusCode };
        }
        catch (JsonException)
        {
            throw new ClusterApiException($"{verb} {kind}: the response is not JSON") { Status = (int)response.StatusCode };
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            throw Lost(verb, kind, ex);
        }
    }

    /// <summary>Sends a GET and returns the successful response, headers read, body not yet (a watch streams it).</summary>
    public async Task<HttpResponseMessage> SendAsync(string relativeUri, string verb, WatchedKind kind, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, relativeUri))
        {
            // As KubernetesClient does: HTTP/2 when the server offers it (many watches share one connection).
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_client.Credentials is { } credentials)
        {
            try
            {
                await credentials.ProcessHttpRequestAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A token file or exec plugin failed; its message may quote what it read, so only the type is kept.
                throw new ClusterApiException($"{verb} {kind}: no credentials ({ex.GetType().Name})");
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception ex) when (IsConnectionFailure(ex, cancellationToken))
        {
            throw Lost(verb, kind, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await FailureAsync(verb, kind, response, cancellationToken);
        }
    }

    /// <summary>A connection that failed or broke mid-stream; the caller's own cancellation is not one.</summary>
    public static bool IsConnectionFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static ClusterApiException Lost(string verb, WatchedKind kind, Exception ex) => ex switch
    {
        HttpRequestException { HttpRequestError: var error } => new ClusterApiException($"{verb} {kind}: no response ({error})"),
        OperationCanceledException => new ClusterApiException($"{verb} {kind}: no response (timed out)"),
        _ => new ClusterApiException($"{verb} {kind}: connection lost"),
    };

    /// <summary>Keeps the status, the Status reason word and Retry-After; the body and headers are dropped.</summary>
    private static async Task<ClusterApiException> FailureAsync(string verb, WatchedKind kind, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string? reason = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            reason = (string?)(JsonNode.Parse(text) as JsonObject)?["reason"];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException || IsConnectionFailure(ex, cancellationToken))
        {
            // Not a Kubernetes Status (a proxy's HTML page, say) or cut short: the status code alone will do.
        }

        var message = $"{verb} {kind}: {status.ToString(CultureInfo.InvariantCulture)} {reason ?? response.ReasonPhrase ?? ""}".TrimEnd();
        return new ClusterApiException(message)
        {
            Status = status,
            Reason = reason,
            RetryAfter = response.Headers.RetryAfter?.Delta,
        };
    }
}
