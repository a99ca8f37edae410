using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Store;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>
/// What the control plane and the nodes would do for our objects, on the injected clock: CronJobs
/// fire Jobs on schedule (in their time zone, Forbid/Replace honoured, history limits kept), Jobs
/// start a Pod on a node and succeed after a set time, and bound PVCs get a VolumeAttachment.
/// Writes go through the same registry as API requests (so watches see them) but not through
/// HTTP, so they never appear in the request log.
/// </summary>
internal sealed class Simulator : IAsyncDisposable
{
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";
    private readonly ClusterState state;
    private readonly Registry registry;
    private readonly EmbeddedClusterOptions options;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private Simulator(ClusterState state, Registry registry, EmbeddedClusterOptions options, bool run)
    {
        this.state = state;
        this.registry = registry;
        this.options = options;
        loop = run ? Task.Run(() => RunAsync(stop.Token)) : Task.CompletedTask;
    }

    public static Simulator Start(ClusterState state, Registry registry, EmbeddedClusterOptions options)
    {
        foreach (var node in state.List("v1", "Node").Count == 0 ? options.SimulatedNodes : [])
        {
            state.Seed(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject { ["name"] = node, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = node, ["simulated"] = "true" } },
                ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
            });
        }

        return new Simulator(state, registry, options, run: true);
    }

    /// <summary>A simulator that only moves when a test calls <see cref="Tick"/>.</summary>
    internal static Simulator Manual(ClusterState state, Registry registry, EmbeddedClusterOptions options) => new(state, registry, options, run: false);

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                Tick();
            }
            catch (Exception ex)
            {
                // A client changed or deleted an object under us: keep the reason, look again on the next tick.
                LastError = ex;
            }

            try
            {
                await Task.Delay(options.SimulationInterval, options.Time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>The last failure of a background tick (the loop never dies of one).</summary>
    internal Exception? LastError { get; private set; }

    /// <summary>One pass of every controller.</summary>
    internal void Tick()
    {
        var now = options.Time.GetUtcNow();
        FireCronJobs(now);
        RunJobs(now);
        TrackCronJobs();
        AttachVolumes();
    }

    private void FireCronJobs(DateTimeOffset now)
    {
        foreach (var cronJob in state.List("batch/v1", "CronJob"))
        {
            var spec = cronJob["spec"]!;
            if (spec["suspend"]?.ToJsonString() == "true")
            {
                continue;
            }

            var ns = Meta(cronJob, "namespace");
            var name = Meta(cronJob, "name");
            var since = Time(JsonTree.GetString(cronJob, "status", "lastScheduleTime")) ?? Time(Meta(cronJob, "creationTimestamp")) ?? now;
            if (CronSchedule.LatestDue(spec["schedule"]?.ToString() ?? "", spec["timeZone"]?.ToString(), since, now) is not { } due)
            {
                continue;
            }

            var active = OwnedJobs(cronJob).Where(j => !Finished(j)).ToList();
            var deadline = spec["startingDeadlineSeconds"] is JsonValue d && d.TryGetValue<long>(out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            if (deadline is { } late && now - due > late)
            {
                SetCronJobStatus(ns, name, s => s["lastScheduleTime"] = Stamp(due));
                Event(cronJob, "Warning", "MissSchedule", $"Missed scheduled time to start a job: {Stamp(due)}");
                continue;
            }

            var policy = spec["concurrencyPolicy"]?.ToString() ?? "Allow";
            if (policy == "Forbid" && active.Count > 0)
            {
                continue; // tried again on every tick until the active Job finishes or the deadline passes
            }

            if (policy == "Replace")
            {
                foreach (var job in active)
                {
                    registry.Delete(ResourceCatalog.Jobs, ns, Meta(job, "name"), "Background", null, dryRun: false);
                }
            }

            var jobName = string.Create(CultureInfo.InvariantCulture, $"{name}-{due.ToUnixTimeSeconds() / 60}");
            var template = spec["jobTemplate"]?.AsObject() ?? [];
            var metadata = template["metadata"]?.DeepClone().AsObject() ?? [];
            metadata["name"] = jobName;
            metadata["namespace"] = ns;
            JsonTree.EnsureObject(metadata, "annotations")["batch.kubernetes.io/cronjob-scheduled-timestamp"] = Stamp(due);
            metadata["ownerReferences"] = new JsonArray(OwnerReference(cronJob));
            var body = new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = metadata, ["spec"] = template["spec"]?.DeepClone() };
            if (state.Get("batch/v1", "Job", ns, jobName) is null)
            {
                registry.Create(ResourceCatalog.Jobs, ns, body, "cronjob-controller", dryRun: false);
                Event(cronJob, "Normal", "SuccessfulCreate", $"Created job {jobName}");
            }

            SetCronJobStatus(ns, name, s => s["lastScheduleTime"] = Stamp(due));
        }
    }

    private void RunJobs(DateTimeOffset now)
    {
        foreach (var job in state.List("batch/v1", "Job"))
        {
            if (Finished(job) || job["spec"]?["suspend"]?.ToJsonString() == "true")
            {
                continue;
            }

            var ns = Meta(job, "namespace");
            var name = Meta(job, "name");
            var started = Time(JsonTree.GetString(job, "status", "startTime"));
            if (started is null)
            {
                var node = NodeFor(job);
                var pod = StartPod(job, node, now);
                SetStatus(ResourceCatalog.Jobs, ns, name, "job-controller", s =>
                {
                    s["startTime"] = Stamp(now);
                    s["active"] = 1;
                    s["ready"] = 0;
                });
                Event(job, "Normal", "SuccessfulCreate", $"Created pod: {pod}");
            }
            else if (now - started >= Duration(job))
            {
                var failed = Hint(job, SimulationHints.OutcomeAnnotation) == "Failed";
                foreach (var pod in Owned(ResourceCatalog.Pods, job))
                {
                    SetStatus(ResourceCatalog.Pods, ns, Meta(pod, "name"), "kubelet", s => s["phase"] = failed ? "Failed" : "Succeeded");
                }

                SetStatus(ResourceCatalog.Jobs, ns, name, "job-controller", s =>
                {
                    s.Remove("active");
                    s["ready"] = 0;
                    s[failed ? "failed" : "succeeded"] = 1;
                    if (failed)
                    {
                        s["conditions"] = new JsonArray(
                            Condition("FailureTarget", "BackoffLimitExceeded", now),
                            Condition("Failed", "BackoffLimitExceeded", now));
                    }
                    else
                    {
                        s["completionTime"] = Stamp(now);
                        s["conditions"] = new JsonArray(
                            Condition("SuccessCriteriaMet", "CompletionsReached", now),
                            Condition("Complete", "CompletionsReached", now));
                    }
                });
                Event(job, failed ? "Warning" : "Normal", failed ? "BackoffLimitExceeded" : "Completed", failed ? "Job has reached the specified backoff limit" : "Job completed");
            }
        }
    }

    /// <summary>How long this Job runs: its duration annotation (e.g. "90s", "00:01:30"), else the option.</summary>
    private TimeSpan Duration(JsonObject job)
    {
        var text = Hint(job, SimulationHints.DurationAnnotation);
        if (text is null)
        {
            return options.SimulatedJobDuration;
        }

        if (text.EndsWith('s') && int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : options.SimulatedJobDuration;
    }

    /// <summary>A simulation hint from the Job's or its pod template's annotations.</summary>
    private static string? Hint(JsonObject job, string annotation) =>
        JsonTree.GetString(job, "metadata", "annotations", annotation)
        ?? JsonTree.GetString(job, "spec", "template", "metadata", "annotations", annotation);

    /// <summary>CronJob status.active and lastSuccessfulTime, and the history limits.</summary>
    private void TrackCronJobs()
    {
        foreach (var cronJob in state.List("batch/v1", "CronJob"))
        {
            var ns = Meta(cronJob, "namespace");
            var jobs = OwnedJobs(cronJob).ToList();
            var active = new JsonArray([.. jobs.Where(j => !Finished(j)).Select(j => (JsonNode)new JsonObject
            {
                ["apiVersion"] = "batch/v1",
                ["kind"] = "Job",
                ["name"] = Meta(j, "name"),
                ["namespace"] = ns,
                ["uid"] = Meta(j, "uid"),
            })]);
            var lastSuccess = jobs.Where(Succeeded).Select(j => JsonTree.GetString(j, "status", "completionTime")).Max(StringComparer.Ordinal);
            SetCronJobStatus(ns, Meta(cronJob, "name"), s =>
            {
                if (active.Count > 0)
                {
                    s["active"] = active;
                }
                else
                {
                    s.Remove("active");
                }

                if (lastSuccess is not null)
                {
                    s["lastSuccessfulTime"] = lastSuccess;
                }
            });

            var spec = cronJob["spec"]!;
            Prune(ns, jobs.Where(Succeeded), Limit(spec, "successfulJobsHistoryLimit", 3));
            Prune(ns, jobs.Where(j => Finished(j) && !Succeeded(j)), Limit(spec, "failedJobsHistoryLimit", 1));
        }
    }

    private void Prune(string ns, IEnumerable<JsonObject> finished, int keep)
    {
        foreach (var old in finished.OrderByDescending(j => JsonTree.GetString(j, "status", "completionTime"), StringComparer.Ordinal).Skip(keep))
        {
            registry.Delete(ResourceCatalog.Jobs, ns, Meta(old, "name"), "Background", null, dryRun: false);
        }
    }

    /// <summary>A bound PVC is attached to the node that uses it (its selected-node annotation, else the first node).</summary>
    private void AttachVolumes()
    {
        var attached = state.List("storage.k8s.io/v1", "VolumeAttachment")
            .Select(v => JsonTree.GetString(v, "spec", "source", "persistentVolumeName")).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in state.List("v1", "PersistentVolumeClaim"))
        {
            var volume = JsonTree.GetString(claim, "spec", "volumeName");
            if (volume is null || attached.Contains(volume))
            {
                continue;
            }

            var node = JsonTree.GetString(claim, "metadata", "annotations", "volume.kubernetes.io/selected-node")
                ?? state.List("v1", "Node").Select(n => Meta(n, "name")).FirstOrDefault();
            if (node is null)
            {
                continue;
            }

            state.Seed(new JsonObject
            {
                ["apiVersion"] = "storage.k8s.io/v1",
                ["kind"] = "VolumeAttachment",
                ["metadata"] = new JsonObject { ["name"] = $"csi-simulated-{volume}" },
                ["spec"] = new JsonObject
                {
                    ["attacher"] = "simulated.csi.gitops-backup",
                    ["nodeName"] = node,
                    ["source"] = new JsonObject { ["persistentVolumeName"] = volume },
                },
                ["status"] = new JsonObject { ["attached"] = true },
            });
        }
    }

    private string StartPod(JsonObject job, string? node, DateTimeOffset now)
    {
        var ns = Meta(job, "namespace");
        var template = job["spec"]?["template"]?.AsObject() ?? [];
        var name = $"{Meta(job, "name")}-{string.Concat(Enumerable.Range(0, 5).Select(_ => NameChars[Random.Shared.Next(NameChars.Length)]))}";
        var metadata = template["metadata"]?.DeepClone().AsObject() ?? [];
        metadata["name"] = name;
        metadata["namespace"] = ns;
        metadata["ownerReferences"] = new JsonArray(OwnerReference(job));
        var spec = template["spec"]?.DeepClone().AsObject() ?? [];
        if (node is not null)
        {
            spec["nodeName"] = node;
        }

        registry.Create(ResourceCatalog.Pods, ns, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec }, "job-controller", dryRun: false);
        SetStatus(ResourceCatalog.Pods, ns, name, "kubelet", s =>
        {
            s["phase"] = node is null ? "Pending" : "Running";
            s["startTime"] = Stamp(now);
        });
        return name;
    }

    private string? NodeFor(JsonObject job) =>
        JsonTree.GetString(job, "spec", "template", "spec", "nodeSelector", "kubernetes.io/hostname")
        ?? JsonTree.GetString(job, "spec", "template", "spec", "nodeName")
        ?? state.List("v1", "Node").Select(n => Meta(n, "name")).FirstOrDefault();

    private void SetCronJobStatus(string ns, string name, Action<JsonObject> change) =>
        SetStatus(ResourceCatalog.CronJobs, ns, name, "cronjob-controller", change);

    private void SetStatus(ResourceType type, string ns, string name, string manager, Action<JsonObject> change) =>
        registry.Patch(type, ns, name, live =>
        {
            change(JsonTree.EnsureObject(live, "status"));
            return live;
        }, manager, "status", dryRun: false);

    private void Event(JsonObject about, string type, string reason, string message)
    {
        var ns = Meta(about, "namespace");
        var now = Stamp(options.Time.GetUtcNow());
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
        registry.Create(ResourceCatalog.Events, ns, body, "simulator", dryRun: false);
    }

    private IEnumerable<JsonObject> OwnedJobs(JsonObject cronJob) => Owned(ResourceCatalog.Jobs, cronJob);

    private IEnumerable<JsonObject> Owned(ResourceType type, JsonObject owner)
    {
        var uid = Meta(owner, "uid");
        return state.List(type.ApiVersion, type.Kind, Meta(owner, "namespace"))
            .Where(o => o["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => r?["uid"]?.ToString() == uid));
    }

    private static JsonObject OwnerReference(JsonObject owner) => new()
    {
        ["apiVersion"] = owner["apiVersion"]?.ToString(),
        ["kind"] = owner["kind"]?.ToString(),
        ["name"] = Meta(owner, "name"),
        ["uid"] = Meta(owner, "uid"),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    private static bool Finished(JsonObject job) => HasCondition(job, "Complete") || HasCondition(job, "Failed");

    private static bool Succeeded(JsonObject job) => HasCondition(job, "Complete");

    private static bool HasCondition(JsonObject job, string type) =>
        job["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.ToString() == type && c?["status"]?.ToString() == "True");

    private static JsonObject Condition(string type, string reason, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["lastProbeTime"] = Stamp(now),
        ["lastTransitionTime"] = Stamp(now),
    };

    private static int Limit(JsonNode spec, string field, int fallback) =>
        spec[field] is JsonValue v && v.TryGetValue<int>(out var n) ? n : fallback;

    private static string Meta(JsonObject obj, string field) => obj["metadata"]?[field]?.ToString() ?? "";

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
