using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// The Job controller, scheduler and kubelet for one-pod Jobs: a suspended Job gets the Suspended
/// condition (and loses its pod and startTime if it had started); a resumed Job gets startTime and
/// one Pod on a node (<see cref="NodePicker"/>); the pod runs for <see cref="JobScript.Duration"/>
/// and exits with <see cref="JobScript.ExitCode"/> (and the termination message hint): 0 completes
/// the Job, anything else fails it (no retries), with reason PodFailurePolicy and Kubernetes' message
/// when a podFailurePolicy FailJob rule matches the exit code. A Job past <c>activeDeadlineSeconds</c>
/// fails with DeadlineExceeded.
/// </summary>
internal sealed class JobController(ControllerKit kit)
{
    /// <summary>Pods created per Job uid: the attempt number in a replacement pod's name.</summary>
    private readonly Dictionary<string, int> attempts = new(StringComparer.Ordinal);

    public void Run(DateTimeOffset now)
    {
        var jobs = kit.State.ListShared("batch/v1", "Job");
        var live = jobs.Select(j => ControllerKit.Meta(j, "uid")).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in attempts.Keys.Where(uid => !live.Contains(uid)).ToList())
        {
            attempts.Remove(gone);
        }

        foreach (var job in jobs)
        {
            if (!ControllerKit.Finished(job))
            {
                ControllerKit.Guard(() => Sync(job, now));
            }
        }

        foreach (var orphan in kit.State.ListShared("v1", "Pod").Where(p => IsJobPod(p) && Phase(p) == "Running" && !live.Contains(OwnerUid(p))))
        {
            ControllerKit.Guard(() => FinishOrphan(orphan, now));
        }
    }

    /// <summary>A pod a Job created (it keeps the job-name label when the Job is deleted with its pods orphaned).</summary>
    public static bool IsJobPod(JsonObject pod) =>
        JsonTree.GetString(pod, "metadata", "labels", "batch.kubernetes.io/job-name") is not null
        || (pod["metadata"]?["ownerReferences"] as JsonArray)?.Any(o => o?["kind"]?.ToString() == "Job") == true;

    private void Sync(JsonObject job, DateTimeOffset now)
    {
        var active = kit.Owned(ResourceCatalog.Pods, job).Where(p => Phase(p) is "Pending" or "Running").ToList();
        if (job["spec"]?["suspend"]?.ToJsonString() == "true")
        {
            Suspend(job, active, now);
            return;
        }

        if (ControllerKit.Time(JsonTree.GetString(job, "status", "startTime")) is not { } started)
        {
            Resume(job, now);
            return;
        }

        var pod = active.FirstOrDefault();
        if (pod is null)
        {
            // Someone deleted the running pod: the controller replaces it.
            var replacement = CreatePod(job, now);
            kit.Event(job, "Normal", "SuccessfulCreate", $"Created pod: {replacement}");
            return;
        }

        var deadline = job["spec"]?["activeDeadlineSeconds"] is JsonValue d && d.TryGetValue<long>(out var seconds) ? started + TimeSpan.FromSeconds(seconds) : (DateTimeOffset?)null;
        var runningSince = Phase(pod) == "Running" ? ControllerKit.Time(JsonTree.GetString(pod, "status", "startTime")) : null;
        var exitsAt = runningSince + JobScript.Duration(job, kit.Options);
        if (exitsAt is { } exit && now >= exit && (deadline is null || exit <= deadline))
        {
            Finish(job, pod, JobScript.ExitCode(job, kit.Options), exit);
        }
        else if (deadline is { } late && now >= late)
        {
            DeadlineExceeded(job, active, late);
        }
        else if (runningSince is null)
        {
            Schedule(job, pod, now);
        }
    }

    /// <summary>Suspended: the Suspended condition; a started Job also loses its pods and its startTime (the deadline timer restarts on resume).</summary>
    private void Suspend(JsonObject job, List<JsonObject> active, DateTimeOffset now)
    {
        if (active.Count == 0 && job["status"]?["startTime"] is null && ControllerKit.HasCondition(job, "Suspended"))
        {
            return; // already as suspended as it gets
        }

        foreach (var pod in active)
        {
            kit.Delete(ResourceCatalog.Pods, pod);
        }

        var changed = false;
        kit.SetStatus(ResourceCatalog.Jobs, ControllerKit.Meta(job, "namespace"), ControllerKit.Meta(job, "name"), "job-controller", s =>
        {
            changed = ControllerKit.SetCondition(s, "Suspended", "True", "JobSuspended", "Job suspended", now);
            s.Remove("startTime");
            s.Remove("active");
            if (s["ready"] is not null)
            {
                s["ready"] = 0;
            }
        });
        if (changed)
        {
            kit.Event(job, "Normal", "Suspended", "Job suspended");
        }
    }

    /// <summary>Not suspended and not started: startTime, the Resumed condition if it was suspended, and a pod.</summary>
    private void Resume(JsonObject job, DateTimeOffset now)
    {
        var resumed = false;
        kit.SetStatus(ResourceCatalog.Jobs, ControllerKit.Meta(job, "namespace"), ControllerKit.Meta(job, "name"), "job-controller", s =>
        {
            if (s["conditions"] is JsonArray conditions && conditions.Any(c => c?["type"]?.ToString() == "Suspended"))
            {
                resumed = ControllerKit.SetCondition(s, "Suspended", "False", "JobResumed", "Job resumed", now);
            }

            s["startTime"] = ControllerKit.Stamp(now);
        });
        if (resumed)
        {
            kit.Event(job, "Normal", "Resumed", "Job resumed");
        }

        var pod = CreatePod(job, now);
        kit.Event(job, "Normal", "SuccessfulCreate", $"Created pod: {pod}");
    }

    /// <summary>A pod from the Job's template, named by a hash of the Job and the attempt; scheduled at once when a node fits.</summary>
    private string CreatePod(JsonObject job, DateTimeOffset now)
    {
        var ns = ControllerKit.Meta(job, "namespace");
        var jobName = ControllerKit.Meta(job, "name");
        var template = job["spec"]?["template"]?.AsObject() ?? [];
        var uid = ControllerKit.Meta(job, "uid");
        string name;
        do
        {
            var attempt = attempts.GetValueOrDefault(uid);
            attempts[uid] = attempt + 1;
            name = $"{jobName}-{StableHash.NameSuffix(ns, jobName, attempt.ToString(CultureInfo.InvariantCulture))}";
        }
        while (kit.State.Get("v1", "Pod", ns, name) is not null);

        var metadata = template["metadata"]?.DeepClone().AsObject() ?? [];
        metadata["name"] = name;
        metadata["namespace"] = ns;
        metadata["ownerReferences"] = new JsonArray(ControllerKit.OwnerReference(job));
        var spec = template["spec"]?.DeepClone().AsObject() ?? [];
        var pod = kit.Registry.Create(ResourceCatalog.Pods, ns, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec }, "job-controller", dryRun: false);
        SetJobPods(job, active: 1, ready: 0);
        if (!Schedule(job, pod, now))
        {
            kit.Event(pod, "Warning", "FailedScheduling", $"0/{kit.State.ListShared("v1", "Node").Count} nodes are available: no node matches the pod's node name or selector, or it is not ready.");
        }

        return name;
    }

    /// <summary>Binds a pending pod to a node and starts its container; false when no node fits (it stays Pending).</summary>
    private bool Schedule(JsonObject job, JsonObject pod, DateTimeOffset now)
    {
        var ns = ControllerKit.Meta(pod, "namespace");
        var name = ControllerKit.Meta(pod, "name");
        var node = NodePicker.Pick(pod["spec"]?.AsObject() ?? [], kit.State.ListShared("v1", "Node"), () => kit.State.ListShared("v1", "Pod"));
        if (node is null)
        {
            return false;
        }

        if (JsonTree.GetString(pod, "spec", "nodeName") != node)
        {
            kit.Registry.Patch(ResourceCatalog.Pods, ns, name, live =>
            {
                live["spec"]!["nodeName"] = node;
                return live;
            }, "kube-scheduler", "", dryRun: false);
        }

        var container = pod["spec"]?["containers"]?[0];
        kit.SetStatus(ResourceCatalog.Pods, ns, name, "kubelet", s =>
        {
            s["phase"] = "Running";
            s["startTime"] = ControllerKit.Stamp(now);
            s["containerStatuses"] = new JsonArray(ContainerStatus(container, ready: true, new JsonObject { ["running"] = new JsonObject { ["startedAt"] = ControllerKit.Stamp(now) } }));
        });
        SetJobPods(job, active: 1, ready: 1);
        return true;
    }

    /// <summary>The container exits: the pod's terminated state and phase, then the Job's counts, completionTime and conditions.</summary>
    private void Finish(JsonObject job, JsonObject pod, int exitCode, DateTimeOffset at)
    {
        var ns = ControllerKit.Meta(job, "namespace");
        var failed = exitCode != 0;
        var container = pod["spec"]?["containers"]?[0];
        var startedAt = JsonTree.GetString(pod, "status", "startTime");
        var terminated = new JsonObject
        {
            ["exitCode"] = exitCode,
            ["reason"] = JobScript.Reason(exitCode),
            ["startedAt"] = startedAt,
            ["finishedAt"] = ControllerKit.Stamp(at),
        };
        if (JobScript.TerminationMessage(job) is { } message)
        {
            terminated["message"] = message;
        }

        kit.SetStatus(ResourceCatalog.Pods, ns, ControllerKit.Meta(pod, "name"), "kubelet", s =>
        {
            s["phase"] = failed ? "Failed" : "Succeeded";
            s["containerStatuses"] = new JsonArray(ContainerStatus(container, ready: false, new JsonObject { ["terminated"] = terminated }));
        });
        var (reason, why) = failed && FailJobRule(job, container?["name"]?.ToString(), exitCode) is { } index
            ? ("PodFailurePolicy", $"Container {container?["name"]} for pod {ns}/{ControllerKit.Meta(pod, "name")} failed with exit code {exitCode} matching FailJob rule at index {index}")
            : ("BackoffLimitExceeded", "Job has reached the specified backoff limit");

        kit.SetStatus(ResourceCatalog.Jobs, ns, ControllerKit.Meta(job, "name"), "job-controller", s =>
        {
            s.Remove("active");
            s["ready"] = 0;
            s[failed ? "failed" : "succeeded"] = Count(job, failed ? "failed" : "succeeded") + 1;
            if (failed)
            {
                ControllerKit.SetCondition(s, "FailureTarget", "True", reason, why, at);
                ControllerKit.SetCondition(s, "Failed", "True", reason, why, at);
            }
            else
            {
                s["completionTime"] = ControllerKit.Stamp(at);
                ControllerKit.SetCondition(s, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods", at);
                ControllerKit.SetCondition(s, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods", at);
            }
        });
        kit.Event(job, failed ? "Warning" : "Normal", failed ? reason : "Completed", failed ? why : "Job completed");
    }

    /// <summary>The index of the Job's first podFailurePolicy rule that fails the Job for this exit code (onExitCodes, action FailJob), or null.</summary>
    private static int? FailJobRule(JsonObject job, string? containerName, int exitCode)
    {
        var rules = job["spec"]?["podFailurePolicy"]?["rules"] as JsonArray ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i]?["onExitCodes"] is not JsonObject on || (on["containerName"]?.ToString() is { } only && only != containerName))
            {
                continue;
            }

            var values = (on["values"] as JsonArray ?? []).Select(v => v is JsonValue n && n.TryGetValue<int>(out var c) ? c : (int?)null).ToList();
            var matches = on["operator"]?.ToString() == "NotIn" ? !values.Contains(exitCode) : values.Contains(exitCode);
            if (matches)
            {
                // Rules are evaluated in order; the first that matches decides (Ignore and Count do not fail the Job).
                return rules[i]?["action"]?.ToString() == "FailJob" ? i : null;
            }
        }

        return null;
    }

    /// <summary>Past activeDeadlineSeconds: the pods are killed (deleted) and the Job fails with DeadlineExceeded.</summary>
    private void DeadlineExceeded(JsonObject job, List<JsonObject> active, DateTimeOffset at)
    {
        foreach (var pod in active)
        {
            kit.Delete(ResourceCatalog.Pods, pod);
        }

        const string message = "Job was active longer than specified deadline";
        kit.SetStatus(ResourceCatalog.Jobs, ControllerKit.Meta(job, "namespace"), ControllerKit.Meta(job, "name"), "job-controller", s =>
        {
            s.Remove("active");
            s["ready"] = 0;
            s["failed"] = Count(job, "failed") + active.Count;
            ControllerKit.SetCondition(s, "FailureTarget", "True", "DeadlineExceeded", message, at);
            ControllerKit.SetCondition(s, "Failed", "True", "DeadlineExceeded", message, at);
        });
        kit.Event(job, "Warning", "DeadlineExceeded", message);
    }

    /// <summary>
    /// The kubelet of a pod whose Job was deleted with its pods orphaned: the container still runs
    /// to its end. Its duration and exit code come from the pod's own labels and annotations.
    /// </summary>
    private void FinishOrphan(JsonObject pod, DateTimeOffset now)
    {
        var asJob = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = JsonTree.GetString(pod, "metadata", "labels", "batch.kubernetes.io/job-name") ?? ControllerKit.Meta(pod, "name"),
                ["namespace"] = ControllerKit.Meta(pod, "namespace"),
                ["labels"] = pod["metadata"]?["labels"]?.DeepClone(),
                ["annotations"] = pod["metadata"]?["annotations"]?.DeepClone(),
            },
        };
        if (ControllerKit.Time(JsonTree.GetString(pod, "status", "startTime")) is not { } started || now < started + JobScript.Duration(asJob, kit.Options))
        {
            return;
        }

        var exitCode = JobScript.ExitCode(asJob, kit.Options);
        var container = pod["spec"]?["containers"]?[0];
        kit.SetStatus(ResourceCatalog.Pods, ControllerKit.Meta(pod, "namespace"), ControllerKit.Meta(pod, "name"), "kubelet", s =>
        {
            s["phase"] = exitCode == 0 ? "Succeeded" : "Failed";
            s["containerStatuses"] = new JsonArray(ContainerStatus(container, ready: false, new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = exitCode,
                    ["reason"] = JobScript.Reason(exitCode),
                    ["startedAt"] = ControllerKit.Stamp(started),
                    ["finishedAt"] = ControllerKit.Stamp(started + JobScript.Duration(asJob, kit.Options)),
                },
            }));
        });
    }

    private static string OwnerUid(JsonObject pod) =>
        (pod["metadata"]?["ownerReferences"] as JsonArray)?.Where(o => o?["kind"]?.ToString() == "Job").Select(o => o?["uid"]?.ToString()).FirstOrDefault() ?? "";

    private void SetJobPods(JsonObject job, int active, int ready) =>
        kit.SetStatus(ResourceCatalog.Jobs, ControllerKit.Meta(job, "namespace"), ControllerKit.Meta(job, "name"), "job-controller", s =>
        {
            s["active"] = active;
            s["ready"] = ready;
        });

    private static JsonObject ContainerStatus(JsonNode? container, bool ready, JsonObject state) => new()
    {
        ["name"] = container?["name"]?.ToString(),
        ["image"] = container?["image"]?.ToString(),
        ["imageID"] = "",
        ["ready"] = ready,
        ["started"] = ready,
        ["restartCount"] = 0,
        ["state"] = state,
    };

    private static string? Phase(JsonObject pod) => JsonTree.GetString(pod, "status", "phase");

    private static int Count(JsonObject job, string field) =>
        job["status"]?[field] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
}
