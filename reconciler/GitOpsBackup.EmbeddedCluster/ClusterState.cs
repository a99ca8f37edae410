using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Store;
using k8s;

namespace GitOpsBackup.EmbeddedCluster;

/// <summary>
/// The objects of the embedded cluster, stored as JSON keyed by (resource, namespace, name), with
/// one global resourceVersion counter and a bounded history of changes for watches. The public
/// members are direct, test-only access (seeding a PVC, a Node, a VolumeAttachment) that skips
/// validation and the namespace check but still bumps resourceVersion and notifies watchers.
/// </summary>
public sealed class ClusterState
{
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> objects = new(StringComparer.Ordinal);

    // The same objects by type, then namespace: a namespaced list (and the simulation's "pods of this Job") reads one namespace, not every key.
    private readonly Dictionary<string, Dictionary<string, SortedDictionary<string, JsonObject>>> byNamespace = new(StringComparer.Ordinal);
    private readonly Queue<WatchEvent> history = new();
    private readonly List<Watcher> watchers = [];
    private readonly int historyLimit;
    private long resourceVersion;
    private long compactedThrough;

    internal ClusterState(TimeProvider time, int historyLimit)
    {
        Time = time;
        this.historyLimit = Math.Max(1, historyLimit);
    }

    internal Lock Gate { get; } = new();

    internal TimeProvider Time { get; }

    /// <summary>The current global resourceVersion (the last one handed out).</summary>
    public long ResourceVersion
    {
        get
        {
            lock (Gate)
            {
                return resourceVersion;
            }
        }
    }

    /// <summary>Creates or replaces an object as given (JSON or YAML text). Returns what is stored.</summary>
    public JsonObject Seed(string jsonOrYaml) =>
        Seed(YamlJson.Parse(jsonOrYaml) as JsonObject ?? throw new ArgumentException("not an object", nameof(jsonOrYaml)));

    /// <summary>Creates or replaces a KubernetesClient model object (e.g. a V1PersistentVolumeClaim).</summary>
    public JsonObject Seed<T>(T model)
        where T : IKubernetesObject => Seed(KubernetesJson.Serialize(model));

    /// <summary>Creates or replaces an object. Status is kept as given (this is how tests set it).</summary>
    public JsonObject Seed(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var type = TypeOf(obj);
        var copy = obj.DeepClone().AsObject();
        var metadata = JsonTree.EnsureObject(copy, "metadata");
        var ns = type.Namespaced ? metadata["namespace"]?.ToString() ?? "default" : "";
        var name = metadata["name"]?.ToString() ?? throw new ArgumentException("metadata.name is required", nameof(obj));
        lock (Gate)
        {
            var existing = Find(type, ns, name);
            if (type.Namespaced)
            {
                metadata["namespace"] = ns;
            }

            metadata["uid"] ??= existing?["metadata"]?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
            metadata["creationTimestamp"] ??= existing?["metadata"]?["creationTimestamp"]?.DeepClone() ?? Timestamp();
            metadata["generation"] ??= 1;
            Save(type, copy, existing);
            return copy.DeepClone().AsObject();
        }
    }

    /// <summary>
    /// Test-only: an app's volume placed on a node, as a real cluster would have it: a bound PVC
    /// (<c>spec.volumeName</c>, the <c>volume.kubernetes.io/selected-node</c> annotation), its PV,
    /// and a VolumeAttachment of the PV on <paramref name="node"/>. Returns the PV's name.
    /// </summary>
    public string SeedVolume(string ns, string claim, string node, string? volumeName = null, string accessMode = "ReadWriteOnce", string size = "1Gi")
    {
        var volume = volumeName ?? $"pvc-{ns}-{claim}";
        var pvc = Seed(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject
            {
                ["name"] = claim,
                ["namespace"] = ns,
                ["annotations"] = new JsonObject { ["volume.kubernetes.io/selected-node"] = node, ["pv.kubernetes.io/bind-completed"] = "yes" },
            },
            ["spec"] = new JsonObject
            {
                ["accessModes"] = new JsonArray(accessMode),
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
                ["storageClassName"] = "simulated",
                ["volumeName"] = volume,
            },
            ["status"] = new JsonObject { ["phase"] = "Bound", ["accessModes"] = new JsonArray(accessMode), ["capacity"] = new JsonObject { ["storage"] = size } },
        });
        Seed(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolume",
            ["metadata"] = new JsonObject { ["name"] = volume },
            ["spec"] = new JsonObject
            {
                ["accessModes"] = new JsonArray(accessMode),
                ["capacity"] = new JsonObject { ["storage"] = size },
                ["claimRef"] = new JsonObject { ["kind"] = "PersistentVolumeClaim", ["namespace"] = ns, ["name"] = claim, ["uid"] = pvc["metadata"]!["uid"]!.DeepClone() },
                ["csi"] = new JsonObject { ["driver"] = "simulated.csi.gitops-backup", ["volumeHandle"] = volume },
                ["persistentVolumeReclaimPolicy"] = "Delete",
                ["storageClassName"] = "simulated",
            },
            ["status"] = new JsonObject { ["phase"] = "Bound" },
        });
        Seed(Simulation.VolumeAttacher.Attachment(volume, node));
        return volume;
    }

    /// <summary>
    /// Test-only: a running app pod (not a Job's) on <paramref name="node"/> that mounts
    /// <paramref name="claims"/>. Seeding it again with another node moves the app; the simulation
    /// then moves the volumes' attachments after it.
    /// </summary>
    public JsonObject SeedAppPod(string ns, string name, string node, params string[] claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return Seed(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = node,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = "registry.invalid/app",
                    ["volumeMounts"] = new JsonArray([.. claims.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["mountPath"] = $"/data/{c}" })]),
                }),
                ["volumes"] = new JsonArray([.. claims.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = c } })]),
            },
            ["status"] = new JsonObject { ["phase"] = "Running", ["startTime"] = Timestamp() },
        });
    }

    /// <summary>A copy of one object, or null.</summary>
    public JsonObject? Get(string apiVersion, string kind, string? ns, string name)
    {
        var type = Type(apiVersion, kind);
        lock (Gate)
        {
            return Find(type, type.Namespaced ? ns ?? "default" : "", name)?.DeepClone().AsObject();
        }
    }

    /// <summary>Copies of every object of a kind, in one namespace or (null) all.</summary>
    public IReadOnlyList<JsonObject> List(string apiVersion, string kind, string? ns = null)
    {
        var type = Type(apiVersion, kind);
        lock (Gate)
        {
            return [.. Enumerate(type, ns).Select(o => o.DeepClone().AsObject())];
        }
    }

    /// <summary>
    /// The stored objects themselves, no copies: for the simulation, which reads many objects on every
    /// tick. Stored objects are never mutated (every write stores a fresh clone); callers only read.
    /// </summary>
    internal IReadOnlyList<JsonObject> ListShared(string apiVersion, string kind, string? ns = null)
    {
        var type = Type(apiVersion, kind);
        lock (Gate)
        {
            return [.. Enumerate(type, ns)];
        }
    }

    /// <summary>Removes one object (watchers see DELETED; no cascade). False when absent.</summary>
    public bool Remove(string apiVersion, string kind, string? ns, string name)
    {
        var type = Type(apiVersion, kind);
        lock (Gate)
        {
            var existing = Find(type, type.Namespaced ? ns ?? "default" : "", name);
            if (existing is null)
            {
                return false;
            }

            Erase(type, existing);
            return true;
        }
    }

    private static ResourceType Type(string apiVersion, string kind) =>
        ResourceCatalog.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"the embedded cluster does not serve {apiVersion} {kind}", nameof(kind));

    private static ResourceType TypeOf(JsonObject obj) =>
        Type(obj["apiVersion"]?.ToString() ?? "", obj["kind"]?.ToString() ?? "");

    internal string Timestamp() => Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal long Current => resourceVersion;

    internal JsonObject? Find(ResourceType type, string ns, string name) =>
        objects.TryGetValue(type.Id, out var bucket) && bucket.TryGetValue(Key(ns, name), out var found) ? found : null;

    /// <summary>Objects of a type in key order (namespace, then name). Callers hold <see cref="Gate"/>.</summary>
    internal IEnumerable<JsonObject> Enumerate(ResourceType type, string? ns)
    {
        if (!objects.TryGetValue(type.Id, out var bucket))
        {
            return [];
        }

        return ns is null ? bucket.Values
            : byNamespace.TryGetValue(type.Id, out var namespaces) && namespaces.TryGetValue(ns, out var inNamespace) ? inNamespace.Values : [];
    }

    /// <summary>Stores a new version: next resourceVersion, history, watchers. Callers hold <see cref="Gate"/>.</summary>
    internal JsonObject Save(ResourceType type, JsonObject obj, JsonObject? previous)
    {
        var metadata = JsonTree.EnsureObject(obj, "metadata");
        var rv = ++resourceVersion;
        metadata["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        if (!objects.TryGetValue(type.Id, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            objects[type.Id] = bucket;
        }

        // Stored objects are never mutated again; a fresh deep clone also makes them safe to read concurrently.
        var stored = obj.DeepClone().AsObject();
        var ns = metadata["namespace"]?.ToString() ?? "";
        var key = Key(ns, metadata["name"]!.ToString());
        bucket[key] = stored;
        if (!byNamespace.TryGetValue(type.Id, out var namespaces))
        {
            namespaces = new Dictionary<string, SortedDictionary<string, JsonObject>>(StringComparer.Ordinal);
            byNamespace[type.Id] = namespaces;
        }

        if (!namespaces.TryGetValue(ns, out var inNamespace))
        {
            inNamespace = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            namespaces[ns] = inNamespace;
        }

        inNamespace[key] = stored;
        Publish(new WatchEvent(previous is null ? "ADDED" : "MODIFIED", type, stored, previous, rv));
        return stored;
    }

    /// <summary>Deletes an object; the DELETED event carries a new resourceVersion. Callers hold <see cref="Gate"/>.</summary>
    internal JsonObject Erase(ResourceType type, JsonObject existing)
    {
        var rv = ++resourceVersion;
        var gone = existing.DeepClone().AsObject();
        gone["metadata"]!["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var ns = gone["metadata"]?["namespace"]?.ToString() ?? "";
        var key = Key(ns, gone["metadata"]!["name"]!.ToString());
        objects[type.Id].Remove(key);
        if (byNamespace.TryGetValue(type.Id, out var namespaces) && namespaces.TryGetValue(ns, out var inNamespace))
        {
            inNamespace.Remove(key);
        }
        Publish(new WatchEvent("DELETED", type, gone, existing, rv));
        return gone;
    }

    private void Publish(WatchEvent change)
    {
        history.Enqueue(change);
        while (history.Count > historyLimit)
        {
            compactedThrough = history.Dequeue().ResourceVersion;
        }

        foreach (var watcher in watchers)
        {
            watcher.Offer(change);
        }
    }

    /// <summary>
    /// Registers a watcher and replays what it missed since <paramref name="sinceRv"/>; false when
    /// that version is older than the retained history (the caller answers 410 Expired).
    /// Callers hold <see cref="Gate"/>.
    /// </summary>
    internal bool Subscribe(Watcher watcher, long sinceRv)
    {
        if (sinceRv < compactedThrough)
        {
            return false;
        }

        foreach (var change in history.Where(h => h.ResourceVersion > sinceRv))
        {
            watcher.Offer(change);
        }

        watchers.Add(watcher);
        return true;
    }

    internal void Unsubscribe(Watcher watcher)
    {
        lock (Gate)
        {
            watchers.Remove(watcher);
        }
    }

    /// <summary>How many watches are open (tests wait for a watch to be established).</summary>
    internal int OpenWatches
    {
        get
        {
            lock (Gate)
            {
                return watchers.Count;
            }
        }
    }

    internal int DropWatches()
    {
        lock (Gate)
        {
            var count = watchers.Count;
            foreach (var watcher in watchers)
            {
                watcher.Drop();
            }

            watchers.Clear();
            return count;
        }
    }

    private static string Key(string ns, string name) => ns + "/" + name;
}
