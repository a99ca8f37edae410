using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// Server-side printing (meta.k8s.io/v1 Table) for <c>kubectl get</c>: the columns kubectl shows
/// for our kinds, and Name/Age for the rest.
/// </summary>
internal static class Tables
{
    public static bool Wanted(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Build(ResourceType type, IEnumerable<JsonObject> items, string resourceVersion, string includeObject, DateTimeOffset now)
    {
        var columns = Columns(type);
        var rows = new JsonArray();
        foreach (var item in items)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. Cells(type, item, now)]) };
            if (includeObject != "None")
            {
                row["object"] = includeObject == "Object" ? item.DeepClone() : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = Metadata(item),
                };
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c,
                ["type"] = "string",
                ["format"] = c == "Name" ? "name" : "",
                ["description"] = c,
                ["priority"] = 0,
            })]),
            ["rows"] = rows,
        };
    }

    private static JsonObject Metadata(JsonObject item)
    {
        var metadata = item["metadata"]?.DeepClone().AsObject() ?? [];
        metadata.Remove("managedFields");
        return metadata;
    }

    private static string[] Columns(ResourceType type) => type.Plural switch
    {
        "cronjobs" => ["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age"],
        "jobs" => ["Name", "Status", "Completions", "Duration", "Age"],
        "pods" => ["Name", "Ready", "Status", "Restarts", "Age"],
        "namespaces" => ["Name", "Status", "Age"],
        "persistentvolumeclaims" => ["Name", "Status", "Volume", "Age"],
        "events" when type.Group.Length == 0 => ["Last Seen", "Type", "Reason", "Object", "Message"],
        _ => ["Name", "Age"],
    };

    private static IEnumerable<JsonNode?> Cells(ResourceType type, JsonObject o, DateTimeOffset now)
    {
        var name = JsonTree.GetString(o, "metadata", "name") ?? "";
        var age = Age(JsonTree.GetString(o, "metadata", "creationTimestamp"), now);
        string S(params string[] path) => JsonTree.GetString(o, path) ?? "";
        return type.Plural switch
        {
            "cronjobs" =>
            [
                name, S("spec", "schedule"), JsonTree.GetString(o, "spec", "timeZone") ?? "<none>",
                (o["spec"]?["suspend"]?.ToJsonString() ?? "false") == "true" ? "True" : "False",
                (o["status"]?["active"] as JsonArray)?.Count ?? 0,
                JsonTree.GetString(o, "status", "lastScheduleTime") is { } last ? Age(last, now) : "<none>",
                age,
            ],
            "jobs" => [name, JobStatus(o), $"{Number(o, "status", "succeeded")}/{Number(o, "spec", "completions", 1)}", JobDuration(o, now), age],
            "pods" => [name, PodReady(o), S("status", "phase"), 0, age],
            "namespaces" => [name, S("status", "phase"), age],
            "persistentvolumeclaims" => [name, S("status", "phase"), S("spec", "volumeName"), age],
            "events" when type.Group.Length == 0 =>
            [
                JsonTree.GetString(o, "lastTimestamp") is { } seen ? Age(seen, now) : age,
                S("type"), S("reason"),
                $"{S("involvedObject", "kind").ToLowerInvariant()}/{S("involvedObject", "name")}",
                S("message"),
            ],
            _ => [name, age],
        };
    }

    private static string Age(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? HumanDuration.Format(now - at)
            : "<unknown>";

    private static long Number(JsonObject o, string a, string b, long fallback = 0) =>
        o[a]?[b] is JsonValue v && v.TryGetValue<long>(out var n) ? n : fallback;

    private static string JobStatus(JsonObject o)
    {
        var conditions = o["status"]?["conditions"] as JsonArray ?? [];
        bool Has(string type) => conditions.Any(c => c?["type"]?.ToString() == type && c?["status"]?.ToString() == "True");
        return Has("Complete") ? "Complete"
            : Has("Failed") ? "Failed"
            : Has("Suspended") || (o["spec"]?["suspend"]?.ToJsonString() == "true") ? "Suspended"
            : "Running";
    }

    private static string JobDuration(JsonObject o, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(JsonTree.GetString(o, "status", "startTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start))
        {
            return "";
        }

        var end = DateTimeOffset.TryParse(JsonTree.GetString(o, "status", "completionTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var done) ? done : now;
        return HumanDuration.Format(end - start);
    }

    private static string PodReady(JsonObject o)
    {
        var containers = (o["spec"]?["containers"] as JsonArray)?.Count ?? 0;
        var ready = (o["status"]?["containerStatuses"] as JsonArray)?.Count(c => c?["ready"]?.ToJsonString() == "true") ?? 0;
        return string.Create(CultureInfo.InvariantCulture, $"{ready}/{containers}");
    }
}
