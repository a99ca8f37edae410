using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Semantics;
using GitOpsBackup.EmbeddedCluster.Store;
using Microsoft.AspNetCore.Http;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// The HTTP face of the embedded cluster: routes a request to discovery or to a resource verb,
/// applies injected faults, logs it, and answers errors as Kubernetes Status objects.
/// </summary>
internal sealed class ApiHandler(ClusterState state, Registry registry, RequestLog log, FaultInjector faults, CancellationToken stopping)
{
    public const string SimulatedHeader = "X-Simulated";
    public const string SimulatedValue = "gitops-backup-embedded";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers[SimulatedHeader] = SimulatedValue;
        var path = request.Path.Value ?? "/";
        var ct = context.RequestAborted;

        var api = ApiPath.Parse(path);
        if (api is null)
        {
            await ServeDiscoveryAsync(context, path, ct);
            return;
        }

        var query = request.Query;
        var verb = Verb(request.Method, api, query, request.ContentType);
        var dryRun = query["dryRun"].ToString();
        var manager = query["fieldManager"].ToString() is { Length: > 0 } given ? given : DefaultManager(request.Headers.UserAgent.ToString());
        var status = 500;
        try
        {
            var fault = faults.Take(verb, api.Type.Plural, api.Namespace, api.Name);
            if (fault is not null)
            {
                fault.OnMatch?.Invoke();
                if (fault.Latency > TimeSpan.Zero)
                {
                    await Task.Delay(fault.Latency, ct);
                }

                if (fault.StatusCode is { } code)
                {
                    if (fault.RetryAfterSeconds is { } retry)
                    {
                        response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                    }

                    throw Injected(code, api);
                }
            }

            if (dryRun.Length > 0 && dryRun != "All")
            {
                throw ApiException.BadRequest($"dryRun: Unsupported value: \"{dryRun}\": supported values: \"All\"");
            }

            status = await ServeResourceAsync(context, api, verb, manager, dryRun == "All", ct);
        }
        catch (ApiException ex)
        {
            status = ex.Code;
            if (!response.HasStarted)
            {
                await JsonOutput.WriteAsync(response, ex.Code, ex.ToStatus(), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            status = 499; // client closed the request
        }
        finally
        {
            log.Add(new RequestLogEntry(request.Method, verb, api.Type.Plural, api.Subresource.Length > 0 ? api.Subresource : null,
                api.Namespace, api.Name, status, dryRun == "All", verb is "get" or "list" or "watch" ? null : manager, path, UserAgentOf(request)));
        }
    }

    private async Task<int> ServeResourceAsync(HttpContext context, ApiPath api, string verb, string manager, bool dryRun, CancellationToken ct)
    {
        var request = context.Request;
        var query = request.Query;
        var type = api.Type;
        var ns = api.Namespace ?? "";
        if (verb == "get" && api.Subresource == "log" && type == ResourceCatalog.Pods)
        {
            // kubectl logs: no container ever ran here, and the answer says so.
            var pod = registry.Get(type, ns, api.Name!);
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(
                $"[simulated] pod {ns}/{api.Name} ran no container: this is the gitops-backup embedded cluster (phase {pod["status"]?["phase"]}).\n", ct);
            return 200;
        }

        if (api.Subresource == "scale" && ResourceCatalog.Scalable(type))
        {
            return await ServeScaleAsync(context, api, verb, manager, dryRun, ct);
        }

        if (api.Subresource.Length > 0 && (api.Subresource != "status" || !type.HasStatus))
        {
            throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({api.Subresource} of {type.QualifiedPlural})");
        }

        switch (verb)
        {
            case "get":
                var found = registry.Get(type, ns, api.Name!);
                return await WriteObjectAsync(context, 200, api, [found], found["metadata"]?["resourceVersion"]?.ToString() ?? "", single: true, ct);
            case "list":
                var (labels, fields) = Selectors(query);
                var (items, rv) = registry.List(type, api.Namespace, labels, fields);
                return await WriteListAsync(context, api, items, rv, ct);
            case "watch":
                var (wl, wf) = Selectors(query);
                Func<JsonObject, bool, JsonObject>? asTable = null;
                if (Tables.Wanted(request.Headers.Accept))
                {
                    var include = query["includeObject"].ToString() is { Length: > 0 } i ? i : "Metadata";
                    asTable = (obj, first) =>
                    {
                        var table = Tables.Build(type, [obj], obj["metadata"]?["resourceVersion"]?.ToString() ?? "", include, state.Time.GetUtcNow());
                        if (!first)
                        {
                            table["columnDefinitions"] = new JsonArray();
                        }

                        return table;
                    };
                }

                await WatchStream.ServeAsync(context, state, type, api.Namespace, wl, wf, asTable, stopping);
                return 200;
            case "create":
                var created = registry.Create(type, ns, RequestBodies.Checked(context, type, await RequestBodies.ReadObjectAsync(request, ct)), manager, dryRun);
                return await WriteAsync(context, 201, created, ct);
            case "update":
                var updated = registry.Update(type, ns, api.Name!, RequestBodies.Checked(context, type, await RequestBodies.ReadObjectAsync(request, ct)), manager, api.Subresource, dryRun);
                return await WriteAsync(context, 200, updated, ct);
            case "apply":
                if (query["fieldManager"].ToString().Length == 0)
                {
                    throw ApiException.BadRequest($"PATCH {request.Path}: fieldManager is required for apply requests");
                }

                var force = query["force"].ToString() == "true";
                var (applied, wasCreated) = registry.Apply(type, ns, api.Name!, RequestBodies.Checked(context, type, await RequestBodies.ReadObjectAsync(request, ct)), manager, force, api.Subresource, dryRun);
                return await WriteAsync(context, wasCreated ? 201 : 200, applied, ct);
            case "patch":
                var patched = registry.Patch(type, ns, api.Name!, RequestBodies.PatchFunction(context, type, request.ContentType ?? "", await RequestBodies.ReadBodyAsync(request, ct)), manager, api.Subresource, dryRun);
                return await WriteAsync(context, 200, patched, ct);
            case "delete":
                var options = await RequestBodies.ReadOptionalObjectAsync(request, ct);
                var deleted = registry.Delete(type, ns, api.Name!, Propagation(query, options), options?["preconditions"] as JsonObject, dryRun || IsDryRun(options));
                return await WriteAsync(context, 200, deleted, ct);
            case "deletecollection":
                var (dl, df) = Selectors(query);
                var collectionOptions = await RequestBodies.ReadOptionalObjectAsync(request, ct);
                var (victims, _) = registry.List(type, api.Namespace, dl, df);
                foreach (var victim in victims)
                {
                    registry.Delete(type, victim["metadata"]?["namespace"]?.ToString() ?? "", victim["metadata"]!["name"]!.ToString(),
                        Propagation(query, collectionOptions), null, dryRun || IsDryRun(collectionOptions));
                }

                return await WriteAsync(context, 200, Status.Success(new JsonObject { ["kind"] = type.Plural, ["group"] = type.Group }), ct);
            default:
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({request.Method})");
        }
    }

    /// <summary>GET, PATCH or PUT of a Deployment's or StatefulSet's autoscaling/v1 Scale.</summary>
    private async Task<int> ServeScaleAsync(HttpContext context, ApiPath api, string verb, string manager, bool dryRun, CancellationToken ct)
    {
        var request = context.Request;
        var ns = api.Namespace ?? "";
        var written = verb switch
        {
            "get" => registry.Get(api.Type, ns, api.Name!),
            "patch" => registry.Patch(api.Type, ns, api.Name!,
                ScaleSubresource.Patch(RequestBodies.PatchFunction(context, api.Type, request.ContentType ?? "", await RequestBodies.ReadBodyAsync(request, ct))),
                manager, "scale", dryRun),
            "update" => registry.Patch(api.Type, ns, api.Name!, ScaleSubresource.Replace(await RequestBodies.ReadObjectAsync(request, ct)), manager, "scale", dryRun),
            _ => throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({request.Method})"),
        };
        return await WriteAsync(context, 200, ScaleSubresource.Of(written), ct);
    }

    private static string Verb(string method, ApiPath api, IQueryCollection query, string? contentType) => method switch
    {
        "GET" when api.Name is null => query["watch"].ToString() is "true" or "1" ? "watch" : "list",
        "GET" => "get",
        "POST" when api.Name is null => "create",
        "PUT" when api.Name is not null => "update",
        "PATCH" when api.Name is not null => (contentType ?? "").StartsWith("application/apply-patch", StringComparison.Ordinal) ? "apply" : "patch",
        "DELETE" when api.Name is null => "deletecollection",
        "DELETE" => "delete",
        _ => "unsupported",
    };

    /// <summary>Like a real server: without ?fieldManager, the manager is the User-Agent's program name.</summary>
    private static string? UserAgentOf(HttpRequest request) => request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;

    private static string DefaultManager(string userAgent)
    {
        var name = userAgent.Split('/', ' ')[0];
        return name.Length > 0 ? name : "unknown";
    }

    private static (LabelSelector, FieldSelector) Selectors(IQueryCollection query)
    {
        try
        {
            return (LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]));
        }
        catch (FormatException ex)
        {
            throw ApiException.BadRequest(ex.Message);
        }
    }

    private static string? Propagation(IQueryCollection query, JsonObject? options)
    {
        if (query["propagationPolicy"].ToString() is { Length: > 0 } fromQuery)
        {
            return fromQuery;
        }

        if (options?["propagationPolicy"]?.ToString() is { Length: > 0 } fromBody)
        {
            return fromBody;
        }

        var orphan = query["orphanDependents"].ToString();
        return orphan == "true" || options?["orphanDependents"]?.ToJsonString() == "true" ? "Orphan"
            : orphan == "false" ? "Background"
            : null;
    }

    private static bool IsDryRun(JsonObject? options) =>
        options?["dryRun"] is JsonArray list && list.Any(x => x?.ToString() == "All");

    private static async Task<int> WriteAsync(HttpContext context, int status, JsonObject body, CancellationToken ct)
    {
        await JsonOutput.WriteAsync(context.Response, status, body, ct);
        return status;
    }

    private async Task<int> WriteObjectAsync(HttpContext context, int status, ApiPath api, List<JsonObject> items, string rv, bool single, CancellationToken ct)
    {
        if (Tables.Wanted(context.Request.Headers.Accept))
        {
            var include = context.Request.Query["includeObject"].ToString() is { Length: > 0 } i ? i : "Metadata";
            return await WriteAsync(context, status, Tables.Build(api.Type, items, rv, include, state.Time.GetUtcNow()), ct);
        }

        return await WriteAsync(context, status, single ? items[0] : new JsonObject(), ct);
    }

    private async Task<int> WriteListAsync(HttpContext context, ApiPath api, List<JsonObject> items, long rv, CancellationToken ct)
    {
        var query = context.Request.Query;
        var rvText = Registry.FormatRv(rv);
        // Pagination: "continue" carries the key of the last item served and the list's resourceVersion.
        var start = 0;
        if (query["continue"].ToString() is { Length: > 0 } token)
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var parts = text.Split('|', 2);
            rvText = parts[0];
            start = items.FindIndex(o => string.CompareOrdinal(Key(o), parts.ElementAtOrDefault(1) ?? "") > 0);
            start = start < 0 ? items.Count : start;
        }

        var page = items.Skip(start).ToList();
        string? next = null;
        if (int.TryParse(query["limit"], out var limit) && limit > 0 && page.Count > limit)
        {
            page = page.Take(limit).ToList();
            next = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{rvText}|{Key(page[^1])}"));
        }

        if (Tables.Wanted(context.Request.Headers.Accept))
        {
            var include = query["includeObject"].ToString() is { Length: > 0 } i ? i : "Metadata";
            var table = Tables.Build(api.Type, page, rvText, include, state.Time.GetUtcNow());
            if (next is not null)
            {
                table["metadata"]!["continue"] = next;
            }

            return await WriteAsync(context, 200, table, ct);
        }

        var metadata = new JsonObject { ["resourceVersion"] = rvText };
        if (next is not null)
        {
            metadata["continue"] = next;
            metadata["remainingItemCount"] = items.Count - start - page.Count;
        }

        var list = new JsonObject
        {
            ["kind"] = api.Type.Kind + "List",
            ["apiVersion"] = api.Type.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = new JsonArray([.. page.Select(o => (JsonNode)o.DeepClone())]),
        };
        return await WriteAsync(context, 200, list, ct);
    }

    private static string Key(JsonObject o) => $"{o["metadata"]?["namespace"]}/{o["metadata"]?["name"]}";

    private static ApiException Injected(int code, ApiPath api)
    {
        var name = api.Name ?? "";
        return code switch
        {
            409 => ApiException.Conflict(api.Type, name),
            429 => new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later (injected fault)"),
            500 => new ApiException(500, "InternalError", "an error on the server (\"injected fault\") has prevented the request from succeeding"),
            503 => new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)"),
            504 => new ApiException(504, "Timeout", "the server was unable to return a response in the time allotted (injected fault)"),
            404 => ApiException.NotFound(api.Type, name),
            _ => new ApiException(code, "Unknown", $"injected fault {code}"),
        };
    }

    private async Task ServeDiscoveryAsync(HttpContext context, string path, CancellationToken ct)
    {
        var host = context.Request.Host.Value ?? "127.0.0.1";
        var document = Discovery.For(path, host) ?? OpenApi.For(path);
        var status = 200;
        try
        {
            if (path is "/healthz" or "/readyz" or "/livez")
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", ct);
                return;
            }

            if (document is null)
            {
                status = 404;
                var notFound = Status.Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject());
                await JsonOutput.WriteAsync(context.Response, 404, notFound, ct);
                return;
            }

            await JsonOutput.WriteAsync(context.Response, 200, document, ct);
        }
        finally
        {
            log.Add(new RequestLogEntry(context.Request.Method, "discovery", "", null, null, null, status, false, null, path, UserAgentOf(context.Request)));
        }
    }
}
