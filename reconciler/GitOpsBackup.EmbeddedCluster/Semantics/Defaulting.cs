using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Semantics;

/// <summary>
/// The defaults a real API server fills in for the fields clients usually leave out, so that a
/// client comparing desired and live objects meets the same differences it would meet on a real
/// cluster. Pod template defaults (dnsPolicy, terminationMessagePath, …) are not filled in.
/// </summary>
internal static class Defaulting
{
    public static void Apply(ResourceType type, JsonObject obj, bool creating)
    {
        if (type == ResourceCatalog.Namespaces)
        {
            var name = JsonTree.GetString(obj, "metadata", "name") ?? "";
            JsonTree.EnsureObject(JsonTree.EnsureObject(obj, "metadata"), "labels")["kubernetes.io/metadata.name"] = name;
            var spec = JsonTree.EnsureObject(obj, "spec");
            spec["finalizers"] ??= new JsonArray("kubernetes");
            if (creating)
            {
                JsonTree.EnsureObject(obj, "status")["phase"] = "Active";
            }
        }
        else if (type == ResourceCatalog.CronJobs)
        {
            var spec = JsonTree.EnsureObject(obj, "spec");
            spec["concurrencyPolicy"] ??= "Allow";
            spec["suspend"] ??= false;
            spec["successfulJobsHistoryLimit"] ??= 3;
            spec["failedJobsHistoryLimit"] ??= 1;
        }
        else if (type == ResourceCatalog.Jobs)
        {
            DefaultJob(obj, creating);
        }
        else if (type == ResourceCatalog.Pods && creating)
        {
            JsonTree.EnsureObject(obj, "status")["phase"] ??= "Pending";
        }
    }

    private static void DefaultJob(JsonObject obj, bool creating)
    {
        var spec = JsonTree.EnsureObject(obj, "spec");
        spec["parallelism"] ??= 1;
        spec["completions"] ??= 1;
        spec["backoffLimit"] ??= 6;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= "TerminatingOrFailed";
        if (!creating || spec["manualSelector"] is JsonValue manual && manual.GetValue<bool>())
        {
            return;
        }

        // Like the Job controller's API strategy: a selector on the Job's uid, and labels to match.
        var uid = JsonTree.GetString(obj, "metadata", "uid") ?? "";
        var name = JsonTree.GetString(obj, "metadata", "name") ?? "";
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        var template = JsonTree.EnsureObject(spec, "template");
        var labels = JsonTree.EnsureObject(JsonTree.EnsureObject(template, "metadata"), "labels");
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = name;
        labels["controller-uid"] = uid;
        labels["job-name"] = name;
    }
}
