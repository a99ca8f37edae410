using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Polly;

namespace GitOpsBackup.Cluster;

/// <summary>
/// The few API calls a pass makes, each retried per <see cref="RetryPolicy"/> and failing only with a
/// <see cref="ClusterApiException"/> that holds no credential, header or body.
/// </summary>
internal sealed class KubernetesApi(IKubernetes client, TimeProvider time, RetryPolicy? retry = null)
{
    private const int PageSize = 500;
    private readonly ResiliencePipeline _retry = (retry ?? RetryPolicy.Default).Pipeline(time);

    /// <summary>Every object of <paramref name="kind"/> in all namespaces matching the label selector.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(ManagedKind kind, string labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? page = null;
        do
        {
            var token = page;
            var list = await CallAsync("LIST", null, kind.Kind, ct => client.CustomObjects.ListClusterCustomObjectAsync(
                kind.Group, kind.Version, kind.Plural, continueParameter: token, labelSelector: labelSelector, limit: PageSize, cancellationToken: ct), cancellationToken);
            foreach (var item in list["items"] as JsonArray ?? [])
            {
                if (item is JsonObject o)
                {
                    // Items of a list carry no apiVersion/kind; the plan needs them.
                    o["apiVersion"] ??= $"{kind.Group}/{kind.Version}";
                    o["kind"] ??= kind.Kind;
                    items.Add(o);
                }
            }

            page = (string?)list["metadata"]?["continue"];
        }
        while (!string.IsNullOrEmpty(page));

        return items;
    }

    /// <summary>Server-side apply with our field manager, forcing ownership of the fields we set.</summary>
    public Task<JsonObject> ApplyAsync(ObjectRef target, object body, bool dryRun, CancellationToken cancellationToken)
    {
        var kind = ManagedKind.Of(target);
        var patch = new V1Patch(body, V1Patch.PatchType.ApplyPatch);
        return CallAsync(dryRun ? "PATCH (dry-run)" : "PATCH", target, target.Kind, ct => client.CustomObjects.PatchNamespacedCustomObjectAsync(
            patch, kind.Group, kind.Version, target.Namespace, kind.Plural, target.Name,
            dryRun: dryRun ? "All" : null, fieldManager: Ownership.FieldManager, force: true, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Deletes in the background (dependents follow); an object already gone counts as deleted.</summary>
    public async Task DeleteAsync(ObjectRef target, CancellationToken cancellationToken)
    {
        var kind = ManagedKind.Of(target);
        try
        {
            await CallAsync("DELETE", target, target.Kind, ct => client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                kind.Group, kind.Version, target.Namespace, kind.Plural, target.Name,
                new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: ct), cancellationToken);
        }
        catch (ClusterApiException ex) when (ex.IsNotFound)
        {
            // Someone else deleted it first: the outcome we wanted.
        }
    }

    public async Task<bool> ExistsAsync(ObjectRef target, CancellationToken cancellationToken)
    {
        var kind = ManagedKind.Of(target);
        try
        {
            await CallAsync("GET", target, target.Kind, ct => client.CustomObjects.GetNamespacedCustomObjectAsync(
                kind.Group, kind.Version, target.Namespace, kind.Plural, target.Name, ct), cancellationToken);
            return true;
        }
        catch (ClusterApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    private async Task<JsonObject> CallAsync(string verb, ObjectRef? target, string kind, Func<CancellationToken, Task<object>> call, CancellationToken cancellationToken) =>
        ToJson(await CallAsync<object>(verb, target, kind, call, cancellationToken));

    /// <summary>One typed call, retried and translated like every other (the Job writes of admission and the cycle use it too).</summary>
    internal Task<T> CallAsync<T>(string verb, ObjectRef? target, string kind, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync<T>(async ct =>
        {
            try
            {
                return await call(ct);
            }
            catch (HttpOperationException ex)
            {
                throw Translate(verb, target, kind, ex);
            }
            catch (HttpRequestException ex)
            {
                throw new ClusterApiException($"{verb} {Describe(target, kind)}: no response ({ex.HttpRequestError})");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new ClusterApiException($"{verb} {Describe(target, kind)}: no response (timed out)");
            }
        }, cancellationToken).AsTask();

    private static JsonObject ToJson(object? result) => result switch
    {
        JsonElement e => JsonNode.Parse(e.GetRawText()) as JsonObject ?? [],
        JsonObject o => o,
        null => [],
        _ => JsonNode.Parse(KubernetesJson.Serialize(result)) as JsonObject ?? [],
    };

    /// <summary>Keeps the status, the reason word and the names of invalid fields; drops everything else.</summary>
    internal static ClusterApiException Translate(string verb, ObjectRef? target, string kind, HttpOperationException ex)
    {
        var status = (int)(ex.Response?.StatusCode ?? 0);
        string? reason = null;
        var fields = new List<string>();
        var immutable = false;
        try
        {
            if (JsonNode.Parse(ex.Response?.Content ?? "") is JsonObject body)
            {
                reason = (string?)body["reason"];
                foreach (var cause in body["details"]?["causes"] as JsonArray ?? [])
                {
                    if ((string?)cause?["field"] is { Length: > 0 } field)
                    {
                        fields.Add(field);
                    }

                    immutable |= ((string?)cause?["message"])?.Contains("immutable", StringComparison.OrdinalIgnoreCase) == true;
                }

                immutable |= status == 422 && ((string?)body["message"])?.Contains("immutable", StringComparison.OrdinalIgnoreCase) == true;
            }
        }
        catch (JsonException)
        {
            // Not a Kubernetes Status (a proxy's HTML page, say): the status code alone will do.
        }

        var message = $"{verb} {Describe(target, kind)}: {status.ToString(CultureInfo.InvariantCulture)} {reason ?? ex.Response?.ReasonPhrase ?? ""}".TrimEnd();
        if (fields.Count > 0)
        {
            message += $" (fields: {string.Join(", ", fields.Distinct())}{(immutable ? ", immutable" : "")})";
        }

        if (status == 404 && verb.StartsWith("PATCH", StringComparison.Ordinal) && target is not null)
        {
            message += $": is namespace {target.Namespace} missing? gitops-backup does not create namespaces (the app's Flux Kustomization does)";
        }

        return new ClusterApiException(message)
        {
            Status = status,
            Reason = reason,
            RetryAfter = RetryAfter(ex.Response?.Headers),
            IsImmutableField = status == 422 && immutable,
        };
    }

    private static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers)
    {
        if (headers is null || !headers.TryGetValue("Retry-After", out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault();
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds)
            : RetryConditionHeaderValue.TryParse(text, out var parsed) && parsed.Delta is { } delta ? delta
            : null;
    }

    private static string Describe(ObjectRef? target, string kind) => target?.ToString() ?? kind;
}
