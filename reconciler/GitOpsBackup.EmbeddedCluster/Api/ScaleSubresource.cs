using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// The <c>scale</c> subresource of Deployments and StatefulSets: an autoscaling/v1 Scale whose
/// spec.replicas is the object's spec.replicas and whose status is the object's status.replicas and
/// selector. A write changes spec.replicas only; a resourceVersion in the Scale is a precondition.
/// </summary>
internal static class ScaleSubresource
{
    /// <summary>The Scale view of a Deployment or StatefulSet.</summary>
    public static JsonObject Of(JsonObject obj)
    {
        var metadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (obj["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        var status = new JsonObject { ["replicas"] = Int(obj["status"]?["replicas"]) ?? 0 };
        if (Selector(obj) is { Length: > 0 } selector)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["replicas"] = Replicas(obj) },
            ["status"] = status,
        };
    }

    /// <summary>
    /// A patch of the object from a patch of its Scale: the Scale is patched, then its spec.replicas
    /// (and resourceVersion, the precondition) is written into the object.
    /// </summary>
    public static Func<JsonObject, JsonNode?> Patch(Func<JsonObject, JsonNode?> patchScale) => live =>
        Write(live, patchScale(Of(live)) as JsonObject ?? throw new FormatException("the patch did not produce a Scale"));

    /// <summary>A PUT of a whole Scale, as a patch of the object.</summary>
    public static Func<JsonObject, JsonNode?> Replace(JsonObject scale) => live => Write(live, scale);

    /// <summary>spec.replicas, defaulting to 1 as the API server does.</summary>
    public static int Replicas(JsonObject obj) => Int(obj["spec"]?["replicas"]) ?? 1;

    /// <summary>spec.selector.matchLabels in the label selector syntax ("app=x,tier=y").</summary>
    public static string Selector(JsonObject obj) =>
        obj["spec"]?["selector"]?["matchLabels"] is JsonObject labels
            ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))
            : "";

    private static JsonObject Write(JsonObject live, JsonObject scale)
    {
        if (scale["spec"]?["replicas"] is not JsonValue value || !value.TryGetValue<int>(out var replicas) || replicas < 0)
        {
            throw new FormatException($"Scale.autoscaling \"{live["metadata"]?["name"]}\" is invalid: spec.replicas: Invalid value: {scale["spec"]?["replicas"]?.ToJsonString() ?? "null"}: must be greater than or equal to 0");
        }

        JsonTree.EnsureObject(live, "spec")["replicas"] = replicas;
        if (scale["metadata"]?["resourceVersion"]?.ToString() is { Length: > 0 } rv)
        {
            live["metadata"]!["resourceVersion"] = rv;
        }

        return live;
    }

    private static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
}
