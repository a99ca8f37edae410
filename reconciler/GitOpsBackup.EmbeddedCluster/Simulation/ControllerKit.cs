using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Store;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>What the simulated controllers share: the store, the registry, the clock, and small object helpers.</summary>
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

    public void Event(JsonObject about, string type, string reason, string message)
    {
        var ns = Meta(about, "namespace");
        var now = Stamp(Options.Time.GetUtcNow());
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["generateName"] = $"{Meta(about, "name")}.", ["namespace"] = ns },
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
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["source"] = new JsonObject { ["component"] = "gitops-backup-simulator" },
        };
        Registry.Create(ResourceCatalog.Events, ns, body, "simulator", dryRun: false);
    }

    public IEnumerable<JsonObject> OwnedJobs(JsonObject cronJob) => Owned(ResourceCatalog.Jobs, cronJob);

    public IEnumerable<JsonObject> Owned(ResourceType type, JsonObject owner)
    {
        var uid = Meta(owner, "uid");
        return State.List(type.ApiVersion, type.Kind, Meta(owner, "namespace"))
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
