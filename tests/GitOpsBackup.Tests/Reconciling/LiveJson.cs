using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Rendering;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>
/// Live objects as the API server returns them, built by hand for pure tests of what reads them
/// (JobReader, StatusBuilder, NightRecorder): a CronJob, a backup Job in each state of its life, its
/// pod, the clone Job. Each step returns the same object so a state reads as one line.
/// </summary>
internal static class LiveJson
{
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject CronJob(string ns, string app, string schedule, DateTimeOffset created, string? timeZone = null, bool suspend = false)
    {
        var spec = new JsonObject { ["schedule"] = schedule, ["suspend"] = suspend };
        if (timeZone is not null)
        {
            spec["timeZone"] = timeZone;
        }

        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"backup-{app}",
                ["namespace"] = ns,
                ["creationTimestamp"] = Stamp(created),
                ["labels"] = Labels(app, RenderedLabels.BackupComponent),
            },
            ["spec"] = spec,
        };
    }

    /// <summary>An app's restore-drill CronJob (verify-&lt;app&gt;).</summary>
    public static JsonObject VerifyCronJob(string ns, string app, string schedule, DateTimeOffset created)
    {
        var cronJob = CronJob(ns, app, schedule, created);
        cronJob["metadata"]!["name"] = $"verify-{app}";
        cronJob["metadata"]!["labels"] = Labels(app, RenderedLabels.VerifyComponent);
        return cronJob;
    }

    /// <summary>A drill Job created at <paramref name="created"/>, running (drills are not suspended).</summary>
    public static JsonObject VerifyJob(string ns, string app, string name, DateTimeOffset created)
    {
        var job = Job(ns, name, Labels(app, RenderedLabels.VerifyComponent), created);
        job["spec"]!["suspend"] = false;
        return job.Started(created);
    }

    public static JsonObject LastSuccessful(this JsonObject cronJob, DateTimeOffset at)
    {
        cronJob["status"] = new JsonObject { ["lastSuccessfulTime"] = Stamp(at) };
        return cronJob;
    }

    /// <summary>A Job the CronJob fired at <paramref name="scheduled"/>: suspended, not yet started (waiting for admission).</summary>
    public static JsonObject BackupJob(string ns, string app, string name, DateTimeOffset scheduled, params string[] claims)
    {
        var job = Job(ns, name, Labels(app, RenderedLabels.BackupComponent), scheduled);
        job["metadata"]!["annotations"] = new JsonObject { [JobReader.ScheduledAnnotation] = Stamp(scheduled) };
        job["spec"]!["template"]!["spec"]!["volumes"] = new JsonArray([.. claims.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c,
            ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = c },
        })]);
        return job;
    }

    /// <summary>A clone Job of the night <paramref name="cycle"/>, created at <paramref name="created"/> and running.</summary>
    public static JsonObject CloneJob(DateOnly cycle, DateTimeOffset created, string? summaryJson = null)
    {
        var labels = new JsonObject
        {
            [Ownership.ManagedByLabel] = Ownership.ManagedByValue,
            [RenderedLabels.Component] = RenderedLabels.CloneComponent,
            [RenderedLabels.Cycle] = cycle.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var job = Job("backup-system", ObjectNames.CloneJob(cycle), labels, created);
        job["spec"]!["suspend"] = false;
        job["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { [JobReader.Hostname] = "node-3" };
        job["spec"]!["template"]!["spec"]!["containers"] = new JsonArray(new JsonObject { ["name"] = CloneJobRenderer.Container });
        job["status"] = new JsonObject { ["startTime"] = Stamp(created) };
        if (summaryJson is not null)
        {
            job["metadata"]!["annotations"] = new JsonObject { [GitOpsBackup.Cycle.CycleSummary.Annotation] = summaryJson };
        }

        return job;
    }

    /// <summary>Made by hand (kubectl create job --from, gitops-backup backup): the instantiate annotation.</summary>
    public static JsonObject Manual(this JsonObject job)
    {
        Annotations(job)[JobReader.InstantiateAnnotation] = "manual";
        return job;
    }

    /// <summary>Made with no scheduled-timestamp annotation at all (an older kubectl, or by hand).</summary>
    public static JsonObject Unscheduled(this JsonObject job)
    {
        Annotations(job).Remove(JobReader.ScheduledAnnotation);
        return job;
    }

    public static JsonObject Pinned(this JsonObject job, string node)
    {
        job["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { [JobReader.Hostname] = node };
        return job;
    }

    public static JsonObject Waiting(this JsonObject job, string reason)
    {
        Annotations(job)[JobAnnotations.Waiting] = reason;
        return job;
    }

    public static JsonObject Unplaceable(this JsonObject job, string reason)
    {
        Annotations(job)[JobAnnotations.Waiting] = reason;
        Annotations(job)[JobAnnotations.Outcome] = "unplaceable";
        return job;
    }

    /// <summary>Admitted (un-suspended) and started at <paramref name="at"/>.</summary>
    public static JsonObject Started(this JsonObject job, DateTimeOffset at)
    {
        job["spec"]!["suspend"] = false;
        Status(job)["startTime"] = Stamp(at);
        return job;
    }

    /// <summary>Suspended again after it had started (the Job keeps its startTime until the controller removes it).</summary>
    public static JsonObject Resuspended(this JsonObject job)
    {
        job["spec"]!["suspend"] = true;
        return job;
    }

    public static JsonObject Completed(this JsonObject job, DateTimeOffset at)
    {
        Status(job)["completionTime"] = Stamp(at);
        Conditions(job).Add(new JsonObject { ["type"] = "Complete", ["status"] = "True", ["lastTransitionTime"] = Stamp(at) });
        return job;
    }

    /// <summary>Failed at <paramref name="at"/> (no completionTime: Kubernetes sets that only on success).</summary>
    public static JsonObject Failed(this JsonObject job, DateTimeOffset at, string reason = "BackoffLimitExceeded")
    {
        Conditions(job).Add(new JsonObject { ["type"] = "Failed", ["status"] = "True", ["reason"] = reason, ["lastTransitionTime"] = Stamp(at) });
        return job;
    }

    /// <summary>
    /// Failed by the podFailurePolicy rule on <paramref name="exitCode"/>, as the Job controller
    /// writes it: reason PodFailurePolicy, the container, pod and exit code in the message.
    /// </summary>
    public static JsonObject FailedByPolicy(this JsonObject job, DateTimeOffset at, int exitCode)
    {
        var message = $"Container {CloneJobRenderer.Container} for pod {JobReader.Meta(job, "namespace")}/{JobReader.Meta(job, "name")}-x1 failed with exit code {exitCode} matching FailJob rule at index 0";
        Conditions(job).Add(new JsonObject { ["type"] = "FailureTarget", ["status"] = "True", ["reason"] = "PodFailurePolicy", ["message"] = message, ["lastTransitionTime"] = Stamp(at) });
        Conditions(job).Add(new JsonObject { ["type"] = "Failed", ["status"] = "True", ["reason"] = "PodFailurePolicy", ["message"] = message, ["lastTransitionTime"] = Stamp(at) });
        return job;
    }

    /// <summary>A condition present but False: not an end state.</summary>
    public static JsonObject Condition(this JsonObject job, string type, string status)
    {
        Conditions(job).Add(new JsonObject { ["type"] = type, ["status"] = status });
        return job;
    }

    /// <summary>The Job's pod on <paramref name="node"/>; with an exit code when its container terminated.</summary>
    /// <param name="message">The container's termination message (what backup.sh or clone.sh writes, e.g. "bytes_added=123\n").</param>
    public static JsonObject Pod(JsonObject job, string node, int? exitCode = null, string? message = null)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{JobReader.Meta(job, "name")}-x1",
                ["namespace"] = JobReader.Meta(job, "namespace"),
                ["labels"] = job["metadata"]!["labels"]!.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Job", ["name"] = JobReader.Meta(job, "name"), ["uid"] = JobReader.Meta(job, "uid") }),
            },
            ["spec"] = new JsonObject { ["nodeName"] = node },
            ["status"] = new JsonObject { ["phase"] = exitCode is null ? "Running" : exitCode == 0 ? "Succeeded" : "Failed" },
        };
        if (exitCode is { } code)
        {
            pod["status"]!["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = (string?)job["spec"]?["template"]?["spec"]?["containers"]?[0]?["name"] ?? "backup",
                ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = code } },
            });
            if (message is not null)
            {
                pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["message"] = message;
            }
        }

        return pod;
    }

    private static JsonObject Job(string ns, string name, JsonObject labels, DateTimeOffset created) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["uid"] = $"uid-{ns}-{name}",
            ["creationTimestamp"] = Stamp(created),
            ["labels"] = labels,
        },
        ["spec"] = new JsonObject
        {
            ["suspend"] = true,
            ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "backup" }) } },
        },
    };

    private static JsonObject Labels(string app, string component) => new()
    {
        [Ownership.ManagedByLabel] = Ownership.ManagedByValue,
        [Ownership.AppLabel] = app,
        [RenderedLabels.Component] = component,
    };

    private static JsonObject Annotations(JsonObject job)
    {
        var metadata = (JsonObject)job["metadata"]!;
        if (metadata["annotations"] is not JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        return annotations;
    }

    private static JsonObject Status(JsonObject job)
    {
        if (job["status"] is not JsonObject status)
        {
            status = [];
            job["status"] = status;
        }

        return status;
    }

    private static JsonArray Conditions(JsonObject job)
    {
        var status = Status(job);
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        return conditions;
    }
}
