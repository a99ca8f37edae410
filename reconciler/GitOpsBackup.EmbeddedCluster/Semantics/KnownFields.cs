using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Semantics;

/// <summary>
/// Field validation (the API's <c>fieldValidation</c> parameter) for the shapes we write: object
/// metadata, CronJob, Job, Namespace and Pod specs down to containers. Below those (env,
/// resources, securityContext, affinity, …) and for other kinds, fields are not checked.
/// </summary>
internal static class KnownFields
{
    private static readonly Shape Any = new(null, null);

    private static readonly Shape ObjectMeta = Fields(
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    private static readonly Shape Container = Fields(
        "name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources", "resizePolicy", "restartPolicy",
        "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
        "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty", "restartPolicyRules");

    private static readonly Shape PodSpec = Fields(
        "volumes", "ephemeralContainers", "restartPolicy", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy",
        "nodeSelector", "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork", "hostPID",
        "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName",
        "tolerations", "hostAliases", "priorityClassName", "priority", "dnsConfig", "readinessGates", "runtimeClassName",
        "enableServiceLinks", "preemptionPolicy", "overhead", "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers",
        "schedulingGates", "resourceClaims", "resources", "hostnameOverride") with
    {
        Children = new Dictionary<string, Shape>(StringComparer.Ordinal) { ["containers"] = ListOf(Container), ["initContainers"] = ListOf(Container) },
    };

    private static readonly Shape PodTemplate = Object(("metadata", ObjectMeta), ("spec", PodSpec));

    private static readonly Shape JobSpec = Fields(
        "parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy", "backoffLimit",
        "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector", "ttlSecondsAfterFinished", "completionMode",
        "suspend", "podReplacementPolicy", "managedBy") with
    {
        Children = new Dictionary<string, Shape>(StringComparer.Ordinal) { ["template"] = PodTemplate },
    };

    private static readonly Shape CronJobSpec = Fields(
        "schedule", "timeZone", "startingDeadlineSeconds", "concurrencyPolicy", "suspend", "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit") with
    {
        Children = new Dictionary<string, Shape>(StringComparer.Ordinal) { ["jobTemplate"] = Object(("metadata", ObjectMeta), ("spec", JobSpec)) },
    };

    /// <summary>
    /// Unknown fields of a request body, as "spec.jobTemplate.spec.template.spec.containers[0].imagee".
    /// They are removed from the body, as a real server drops what its types do not know.
    /// </summary>
    public static List<string> Unknown(ResourceType type, JsonObject body)
    {
        var spec = type.Plural switch
        {
            "cronjobs" => CronJobSpec,
            "jobs" => JobSpec,
            "pods" => PodSpec,
            "namespaces" => Fields("finalizers"),
            _ => Any,
        };
        var unknown = new List<string>();
        if (ReferenceEquals(spec, Any))
        {
            // Other kinds: only metadata is checked.
            Check(body["metadata"], ObjectMeta, "metadata", unknown);
            return unknown;
        }

        var top = Object(("metadata", ObjectMeta), ("spec", spec));
        foreach (var (key, value) in body)
        {
            if (key is "apiVersion" or "kind" or "status" || key.StartsWith('$'))
            {
                continue;
            }

            if (top.Children!.TryGetValue(key, out var shape))
            {
                Check(value, shape, key, unknown);
            }
            else
            {
                unknown.Add(key);
            }
        }

        foreach (var key in body.Select(kv => kv.Key).Where(k => unknown.Contains(k)).ToList())
        {
            body.Remove(key);
        }

        return unknown;
    }

    private static void Check(JsonNode? node, Shape shape, string path, List<string> unknown)
    {
        if (shape.Item is { } item && node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), unknown);
            }

            return;
        }

        if (shape.Known is null || node is not JsonObject obj)
        {
            return;
        }

        var drop = new List<string>();
        foreach (var (key, value) in obj)
        {
            if (key.StartsWith('$'))
            {
                continue; // strategic merge patch directives
            }

            if (shape.Children?.TryGetValue(key, out var child) == true)
            {
                Check(value, child, $"{path}.{key}", unknown);
            }
            else if (!shape.Known.Contains(key))
            {
                unknown.Add($"{path}.{key}");
                drop.Add(key);
            }
        }

        foreach (var key in drop)
        {
            obj.Remove(key);
        }
    }

    private static Shape Fields(params string[] names) => new(names.ToHashSet(StringComparer.Ordinal), null);

    private static Shape Object(params (string Name, Shape Shape)[] children) =>
        new([], null) { Children = children.ToDictionary(c => c.Name, c => c.Shape, StringComparer.Ordinal) };

    private static Shape ListOf(Shape item) => new(null, item);

    /// <summary>Known leaf-or-free-form field names, typed children, or (Item) the shape of list elements.</summary>
    private sealed record Shape(HashSet<string>? Known, Shape? Item)
    {
        public Dictionary<string, Shape>? Children { get; init; }
    }
}
