using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Api;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Semantics;

namespace GitOpsBackup.EmbeddedCluster.Store;

/// <summary>
/// What the API server does with a request once it is parsed: create, read, update, patch,
/// server-side apply and delete, with preconditions, defaulting, validation, field ownership,
/// generation, no-op detection, dry-run and garbage collection by ownerReferences.
/// Every operation runs under the state's one lock, so each is atomic.
/// </summary>
internal sealed class Registry(ClusterState state)
{
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    public JsonObject Get(ResourceType type, string ns, string name)
    {
        lock (state.Gate)
        {
            return state.Find(type, ns, name) ?? throw ApiException.NotFound(type, name);
        }
    }

    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields)
    {
        lock (state.Gate)
        {
            var items = state.Enumerate(type, ns)
                .Where(o => labels.Matches(o["metadata"]?["labels"] as JsonObject) && fields.Matches(o))
                .ToList();
            return (items, state.Current);
        }
    }

    public JsonObject Create(ResourceType type, string ns, JsonObject body, string manager, bool dryRun)
    {
        lock (state.Gate)
        {
            var obj = Prepare(type, ns, body);
            var metadata = obj["metadata"]!.AsObject();
            if (metadata["name"] is null && metadata["generateName"]?.ToString() is { Length: > 0 } prefix)
            {
                metadata["name"] = prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => NameChars[Random.Shared.Next(NameChars.Length)]));
            }

            var name = metadata["name"]?.ToString() ?? "";
            RequireNamespace(type, ns);
            if (name.Length > 0 && state.Find(type, ns, name) is not null)
            {
                throw ApiException.AlreadyExists(type, name);
            }

            metadata.Remove("managedFields");
            InitializeNew(type, obj);
            Check(type, name, Validation.Validate(type, obj));
            ManagedFields.TrackUpdate(null, obj, manager, type.ApiVersion, "", state.Timestamp());
            return dryRun ? obj : state.Save(type, obj, null);
        }
    }

    public JsonObject Update(ResourceType type, string ns, string name, JsonObject body, string manager, string subresource, bool dryRun)
    {
        lock (state.Gate)
        {
            var before = state.Find(type, ns, name) ?? throw ApiException.NotFound(type, name);
            var after = Prepare(type, ns, body);
            CheckName(type, name, after);
            CheckPrecondition(type, name, before, after);
            return Commit(type, before, after, manager, subresource, dryRun, apply: false);
        }
    }

    /// <summary>Merge, strategic-merge or JSON patch: the patch function runs on the live object under the lock.</summary>
    public JsonObject Patch(ResourceType type, string ns, string name, Func<JsonObject, JsonNode?> patch, string manager, string subresource, bool dryRun)
    {
        lock (state.Gate)
        {
            var before = state.Find(type, ns, name) ?? throw ApiException.NotFound(type, name);
            JsonNode? patched;
            try
            {
                patched = patch(before.DeepClone().AsObject());
            }
            catch (FormatException ex)
            {
                throw new ApiException(422, "Invalid", ex.Message);
            }

            var after = Prepare(type, ns, patched as JsonObject ?? throw ApiException.BadRequest("the patch did not produce an object"));
            CheckName(type, name, after);
            CheckPrecondition(type, name, before, after);
            return Commit(type, before, after, manager, subresource, dryRun, apply: false);
        }
    }

    /// <summary>Server-side apply; creates the object when absent (main resource only).</summary>
    public (JsonObject Object, bool Created) Apply(ResourceType type, string ns, string name, JsonObject config, string manager, bool force, string subresource, bool dryRun)
    {
        if (config["apiVersion"] is null || config["kind"] is null)
        {
            // A real server cannot decode an applied configuration without its type.
            throw ApiException.BadRequest($"error decoding YAML: Object 'Kind' or 'apiVersion' is missing in the applied configuration for {type.QualifiedPlural} \"{name}\"");
        }

        lock (state.Gate)
        {
            var applied = Prepare(type, ns, config);
            CheckName(type, name, applied);
            var before = state.Find(type, ns, name);
            var time = state.Timestamp();
            if (before is null)
            {
                if (subresource.Length > 0)
                {
                    throw ApiException.NotFound(type, name);
                }

                RequireNamespace(type, ns);
                var created = ServerSideApply.Create(applied, manager, type.ApiVersion, time);
                InitializeNew(type, created);
                Check(type, name, Validation.Validate(type, created));
                return (dryRun ? created : state.Save(type, created, null), true);
            }

            CheckPrecondition(type, name, before, applied);
            var (merged, conflicts) = ServerSideApply.Apply(before, applied, manager, force, type.ApiVersion, subresource, time);
            if (merged is null)
            {
                var details = ApiException.DetailsFor(type, name);
                details["causes"] = new JsonArray([.. conflicts.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = "FieldManagerConflict",
                    ["message"] = $"conflict with \"{c.Manager}\" using {c.ApiVersion}",
                    ["field"] = FieldPath.Format(c.Field),
                })]);
                throw new ApiException(409, "Conflict", ServerSideApply.Describe(conflicts), details);
            }

            return (Commit(type, before, merged, manager, subresource, dryRun, apply: true), false);
        }
    }

    public JsonObject Delete(ResourceType type, string ns, string name, string? propagation, JsonObject? preconditions, bool dryRun)
    {
        lock (state.Gate)
        {
            var existing = state.Find(type, ns, name) ?? throw ApiException.NotFound(type, name);
            var uid = existing["metadata"]?["uid"]?.ToString();
            if (preconditions?["uid"]?.ToString() is { } wantUid && wantUid != uid)
            {
                throw new ApiException(409, "Conflict", $"Precondition failed: UID in precondition: {wantUid}, UID in object meta: {uid}", ApiException.DetailsFor(type, name));
            }

            if (preconditions?["resourceVersion"]?.ToString() is { } wantRv && wantRv != existing["metadata"]?["resourceVersion"]?.ToString())
            {
                throw ApiException.Conflict(type, name);
            }

            // batch/v1 Jobs still default to orphaning their Pods (kubectl sends Background explicitly).
            var policy = propagation ?? (type == ResourceCatalog.Jobs ? "Orphan" : "Background");
            if (policy is not ("Background" or "Foreground" or "Orphan"))
            {
                throw ApiException.BadRequest($"propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
            }

            if (!dryRun)
            {
                if (type == ResourceCatalog.Namespaces)
                {
                    foreach (var contained in ResourceCatalog.Types.Where(t => t.Namespaced))
                    {
                        foreach (var item in state.Enumerate(contained, name).ToList())
                        {
                            state.Erase(contained, item);
                        }
                    }
                }

                CollectDependents(uid, policy);
                state.Erase(type, existing);
            }

            var details = ApiException.DetailsFor(type, name);
            details["uid"] = uid;
            return Status.Success(details);
        }
    }

    /// <summary>Deletes (or, for Orphan, releases) every object whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    private void CollectDependents(string? ownerUid, string policy)
    {
        if (ownerUid is null)
        {
            return;
        }

        foreach (var type in ResourceCatalog.Types)
        {
            foreach (var dependent in state.Enumerate(type, null).Where(o => OwnedBy(o, ownerUid)).ToList())
            {
                if (policy == "Orphan")
                {
                    var released = dependent.DeepClone().AsObject();
                    var refs = released["metadata"]!["ownerReferences"]!.AsArray();
                    foreach (var r in refs.Where(r => r?["uid"]?.ToString() == ownerUid).ToList())
                    {
                        refs.Remove(r);
                    }

                    state.Save(type, released, dependent);
                }
                else
                {
                    CollectDependents(dependent["metadata"]?["uid"]?.ToString(), "Background");
                    state.Erase(type, dependent);
                }
            }
        }
    }

    private static bool OwnedBy(JsonObject obj, string uid) =>
        obj["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => r?["uid"]?.ToString() == uid);

    private JsonObject Commit(ResourceType type, JsonObject before, JsonObject after, string manager, string subresource, bool dryRun, bool apply)
    {
        var name = before["metadata"]!["name"]!.ToString();
        var metadata = after["metadata"]!.AsObject();
        foreach (var system in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp" })
        {
            metadata.Remove(system);
            if (before["metadata"]?[system] is { } kept)
            {
                metadata[system] = kept.DeepClone();
            }
        }

        if (subresource == "status")
        {
            // The status subresource changes status only (and its own managed fields).
            var status = after["status"]?.DeepClone();
            var fields = metadata["managedFields"]?.DeepClone();
            after = before.DeepClone().AsObject();
            after["status"] = status;
            after["metadata"]!["managedFields"] = fields;
        }
        else if (type.HasStatus)
        {
            // The main resource never changes status, as on a real server.
            after["status"] = before["status"]?.DeepClone();
            if (after["status"] is null)
            {
                after.Remove("status");
            }
        }

        if (subresource != "status")
        {
            // A status write leaves the rest as stored (a seeded object may lack defaults).
            Defaulting.Apply(type, after, creating: false);
            Check(type, name, [.. Validation.Validate(type, after), .. Validation.ValidateUpdate(type, before, after)]);
        }
        if (!apply)
        {
            ManagedFields.TrackUpdate(before, after, manager, type.ApiVersion, subresource, state.Timestamp());
        }

        if (!JsonEquality.Equal(Spec(before), Spec(after)))
        {
            var generation = before["metadata"]?["generation"] is JsonValue g && g.TryGetValue<long>(out var n) ? n : 1;
            after["metadata"]!["generation"] = generation + 1;
        }

        after["metadata"]!["resourceVersion"] = before["metadata"]!["resourceVersion"]!.DeepClone();
        after["apiVersion"] = type.ApiVersion;
        after["kind"] = type.Kind;
        if (JsonEquality.Equal(before, after))
        {
            return before; // a no-op write changes nothing, not even resourceVersion
        }

        return dryRun ? after : state.Save(type, after, before);
    }

    /// <summary>Everything but metadata and status: what bumps metadata.generation when it changes.</summary>
    private static JsonObject Spec(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is not ("metadata" or "status" or "apiVersion" or "kind"))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    /// <summary>Copies the body, checks apiVersion/kind and namespace against the URL, fills them in.</summary>
    private static JsonObject Prepare(ResourceType type, string ns, JsonObject body)
    {
        var obj = body.DeepClone().AsObject();
        var apiVersion = obj["apiVersion"]?.ToString();
        var kind = obj["kind"]?.ToString();
        if ((apiVersion is { Length: > 0 } && apiVersion != type.ApiVersion) || (kind is { Length: > 0 } && kind != type.Kind))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) and kind ({kind}) do not match the expected {type.ApiVersion} {type.Kind}");
        }

        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        var metadata = JsonTree.EnsureObject(obj, "metadata");
        if (type.Namespaced)
        {
            var given = metadata["namespace"]?.ToString();
            if (given is { Length: > 0 } && given != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        return obj;
    }

    private void InitializeNew(ResourceType type, JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        metadata.Remove("resourceVersion");
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = state.Timestamp();
        metadata["generation"] = 1;
        if (type.HasStatus)
        {
            obj.Remove("status"); // status is written through the status subresource only
        }

        Defaulting.Apply(type, obj, creating: true);
    }

    private void RequireNamespace(ResourceType type, string ns)
    {
        if (type.Namespaced && state.Find(ResourceCatalog.Namespaces, "", ns) is null)
        {
            throw ApiException.NotFound(ResourceCatalog.Namespaces, ns);
        }
    }

    private static void CheckName(ResourceType type, string name, JsonObject obj)
    {
        var given = obj["metadata"]?["name"]?.ToString();
        if (given is { Length: > 0 } && given != name)
        {
            throw ApiException.BadRequest($"the name of the object ({given}) does not match the name on the URL ({name})");
        }

        obj["metadata"]!["name"] = name;
    }

    /// <summary>Optimistic concurrency: a resourceVersion in the body must be the live one.</summary>
    private static void CheckPrecondition(ResourceType type, string name, JsonObject before, JsonObject after)
    {
        var wanted = after["metadata"]?["resourceVersion"]?.ToString();
        if (!string.IsNullOrEmpty(wanted) && wanted != before["metadata"]?["resourceVersion"]?.ToString())
        {
            throw ApiException.Conflict(type, name);
        }
    }

    private static void Check(ResourceType type, string name, List<(string Field, string Message)> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(type, name, errors);
        }
    }

    public static string FormatRv(long rv) => rv.ToString(CultureInfo.InvariantCulture);
}
