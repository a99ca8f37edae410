using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Api;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Store;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>What the simulated controllers share: the store, the registry, the options (clock, seed), and small object helpers.</summary>
internal sealed class ControllerKit(ClusterState state, Registry registry, EmbeddedClusterOptions options)
{
    public ClusterState State { get; } = state;

    public Registry Registry { get; } = registry;

    public EmbeddedClusterOptions Options { get; } = options;

    public void SetCronJobStatus(string ns, string name, Action<JsonObject> change) =>
        SetStatus(ResourceCatalog.CronJobs, ns, name, "cronjob-controller", change);

    public void SetStatus(ResourceType type, string ns, string name, string manager, Action<JsonObject> change) =>
        Registry.Patch(type, ns, name, live =>
        {
            change(JsonTree.EnsureObject(live, "status"));
            return live;
        }, manager, "status", dryRun: false);

    /// <summary>
    /// <see cref="SetStatus"/> for an object already read: nothing is sent when the change leaves its
    /// status as it is. A no-op write would change nothing either, but costs copies of the whole object,
    /// and the CronJob controller tracks every CronJob on every tick.
    /// </summary>
    public void SetStatusIfChanged(ResourceType type, JsonObject current, string manager, Action<JsonObject> change)
    {
        if (current["status"] is JsonObject before)
        {
            var after = before.DeepClone().AsObject();
            change(after);
            if (JsonEquality.Equal(before, after))
            {
                return;
            }
        }

        SetStatus(type, Meta(current, "namespace"), Meta(current, "name"), manager, change);
    }

    /// <summary>A core/v1 Event about an object, named like client-go's recorder does: "&lt;object&gt;.&lt;unix nanos in hex&gt;".</summary>
    public void Event(JsonObject about, string type, string reason, string message)
    {
        var ns = Meta(about, "namespace");
        var now = Options.Time.GetUtcNow();
        var nanos = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        var name = string.Create(CultureInfo.InvariantCulture, $"{Meta(about, "name")}.{nanos:x}");
        while (State.Get("v1", "Event", ns, name) is not null)
        {
            // Two events in one instant of a fake clock: the next nanosecond, as deterministic as the first.
            name = string.Create(CultureInfo.InvariantCulture, $"{Meta(about, "name")}.{++nanos:x}");
        }

        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = about["apiVersion"]?.ToString(),
                ["kind"] = about["kind"]?.ToString(),
                ["name"] = Meta(about, "name"),
                ["namespace"] = ns,
                ["uid"] = Meta(about, "uid"),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = type,
            ["count"] = 1,
            ["firstTimestamp"] = Stamp(now),
            ["lastTimestamp"] = Stamp(now),
            ["source"] = new JsonObject { ["component"] = "gitops-backup-simulator" },
        };
        Registry.Create(ResourceCatalog.Events, ns, body, "simulator", dryRun: false);
    }

    /// <summary>
    /// Runs one object's step; an object a client deleted or changed under us (404, 409) is left
    /// for the next pass instead of stopping this one, as a controller requeues.
    /// </summary>
    public static void Guard(Action step)
    {
        try
        {
            step();
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
        }
    }

    public void Delete(ResourceType type, JsonObject obj) =>
        Registry.Delete(type, Meta(obj, "namespace"), Meta(obj, "name"), "Background", null, dryRun: false);

    public IEnumerable<JsonObject> OwnedJobs(JsonObject cronJob) => Owned(ResourceCatalog.Jobs, cronJob);

    public IEnumerable<JsonObject> Owned(ResourceType type, JsonObject owner)
    {
        var uid = Meta(owner, "uid");
        return State.ListShared(type.ApiVersion, type.Kind, Meta(owner, "namespace"))
            .Where(o => o["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => r?["uid"]?.ToString() == uid));
    }

    public static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = owner["apiVersion"]?.ToString(),
        ["kind"] = owner["kind"]?.ToString(),
        ["name"] = Meta(owner, "name"),
        ["uid"] = Meta(owner, "uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static bool Finished(JsonObject job) => HasCondition(job, "Complete") || HasCondition(job, "Failed");

    public static bool Succeeded(JsonObject job) => HasCondition(job, "Complete");

    /// <summary>When a finished Job finished: its completionTime, else when its Failed condition came true.</summary>
    public static DateTimeOffset? FinishedAt(JsonObject job) =>
        Time(JsonTree.GetString(job, "status", "completionTime"))
        ?? (job["status"]?["conditions"] as JsonArray)?
            .Where(c => c?["type"]?.ToString() is "Complete" or "Failed" && c?["status"]?.ToString() == "True")
            .Select(c => Time(c?["lastTransitionTime"]?.ToString()))
            .FirstOrDefault(t => t is not null);

    /// <summary>Sets a condition (type, status, reason, message); false when it already said that.</summary>
    public static bool SetCondition(JsonObject status, string type, string value, string reason, string message, DateTimeOffset now)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == type);
        if (existing is not null && existing["status"]?.ToString() == value && existing["reason"]?.ToString() == reason)
        {
            return false;
        }

        var condition = Condition(type, reason, now);
        condition["status"] = value;
        condition["message"] = message;
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }

        return true;
    }

    public static bool HasCondition(JsonObject job, string type) =>
        job["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.ToString() == type && c?["status"]?.ToString() == "True");

    public static JsonObject Condition(string type, string reason, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["lastProbeTime"] = Stamp(now),
        ["lastTransitionTime"] = Stamp(now),
    };

    public static int Limit(JsonNode spec, string field, int fallback) =>
        spec[field] is JsonValue v && v.TryGetValue<int>(out var n) ? n : fallback;

    public static string Meta(JsonObject obj, string field) => obj["metadata"]?[field]?.ToString() ?? "";

    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
