using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>The CronJob controller: fires Jobs on schedule, tracks active and successful Jobs, keeps history limits.</summary>
internal sealed class CronJobController(ControllerKit kit)
{
    public void Fire(DateTimeOffset now)
    {
        foreach (var cronJob in kit.State.ListShared("batch/v1", "CronJob"))
        {
            ControllerKit.Guard(() => FireOne(cronJob, now));
        }
    }

    private void FireOne(JsonObject cronJob, DateTimeOffset now)
    {
        var spec = cronJob["spec"]!;
        if (spec["suspend"]?.ToJsonString() == "true")
        {
            return;
        }

        var ns = ControllerKit.Meta(cronJob, "namespace");
        var name = ControllerKit.Meta(cronJob, "name");
        var since = ControllerKit.Time(JsonTree.GetString(cronJob, "status", "lastScheduleTime")) ?? ControllerKit.Time(ControllerKit.Meta(cronJob, "creationTimestamp")) ?? now;
        if (CronSchedule.LatestDue(spec["schedule"]?.ToString() ?? "", spec["timeZone"]?.ToString(), since, now) is not { } due)
        {
            return;
        }

        var active = kit.OwnedJobs(cronJob).Where(j => !ControllerKit.Finished(j)).ToList();
        var deadline = spec["startingDeadlineSeconds"] is JsonValue d && d.TryGetValue<long>(out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        if (deadline is { } late && now - due > late)
        {
            kit.SetCronJobStatus(ns, name, s => s["lastScheduleTime"] = ControllerKit.Stamp(due));
            kit.Event(cronJob, "Warning", "MissSchedule", $"Missed scheduled time to start a job: {ControllerKit.Stamp(due)}");
            return;
        }

        var policy = spec["concurrencyPolicy"]?.ToString() ?? "Allow";
        if (policy == "Forbid" && active.Count > 0)
        {
            return; // tried again on every tick until the active Job finishes or the deadline passes
        }

        if (policy == "Replace")
        {
            foreach (var job in active)
            {
                kit.Registry.Delete(ResourceCatalog.Jobs, ns, ControllerKit.Meta(job, "name"), "Background", null, dryRun: false);
            }
        }

        var jobName = string.Create(CultureInfo.InvariantCulture, $"{name}-{due.ToUnixTimeSeconds() / 60}");
        var template = spec["jobTemplate"]?.AsObject() ?? [];
        var metadata = template["metadata"]?.DeepClone().AsObject() ?? [];
        metadata["name"] = jobName;
        metadata["namespace"] = ns;
        JsonTree.EnsureObject(metadata, "annotations")["batch.kubernetes.io/cronjob-scheduled-timestamp"] = ControllerKit.Stamp(due);
        metadata["ownerReferences"] = new JsonArray(ControllerKit.OwnerReference(cronJob));
        var body = new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = metadata, ["spec"] = template["spec"]?.DeepClone() };
        if (kit.State.Get("batch/v1", "Job", ns, jobName) is null)
        {
            kit.Registry.Create(ResourceCatalog.Jobs, ns, body, "cronjob-controller", dryRun: false);
            kit.Event(cronJob, "Normal", "SuccessfulCreate", $"Created job {jobName}");
        }

        kit.SetCronJobStatus(ns, name, s => s["lastScheduleTime"] = ControllerKit.Stamp(due));
    }

    /// <summary>CronJob status.active and lastSuccessfulTime, and the history limits.</summary>
    public void Track()
    {
        foreach (var cronJob in kit.State.ListShared("batch/v1", "CronJob"))
        {
            ControllerKit.Guard(() => TrackOne(cronJob));
        }
    }

    private void TrackOne(JsonObject cronJob)
    {
        var ns = ControllerKit.Meta(cronJob, "namespace");
        var jobs = kit.OwnedJobs(cronJob).ToList();
        var active = new JsonArray([.. jobs.Where(j => !ControllerKit.Finished(j)).Select(j => (JsonNode)new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["name"] = ControllerKit.Meta(j, "name"),
            ["namespace"] = ns,
            ["uid"] = ControllerKit.Meta(j, "uid"),
        })]);
        var lastSuccess = jobs.Where(ControllerKit.Succeeded).Select(j => JsonTree.GetString(j, "status", "completionTime")).Max(StringComparer.Ordinal);
        kit.SetStatusIfChanged(ResourceCatalog.CronJobs, cronJob, "cronjob-controller", s =>
        {
            if (active.Count > 0)
            {
                s["active"] = active.DeepClone();
            }
            else
            {
                s.Remove("active");
            }

            // Never backwards: the newest successful Job may already be gone (TTL, history limit).
            if (lastSuccess is not null && string.CompareOrdinal(lastSuccess, s["lastSuccessfulTime"]?.ToString()) > 0)
            {
                s["lastSuccessfulTime"] = lastSuccess;
            }
        });

        var spec = cronJob["spec"]!;
        Prune(ns, jobs.Where(ControllerKit.Succeeded), ControllerKit.Limit(spec, "successfulJobsHistoryLimit", 3));
        Prune(ns, jobs.Where(j => ControllerKit.Finished(j) && !ControllerKit.Succeeded(j)), ControllerKit.Limit(spec, "failedJobsHistoryLimit", 1));
    }

    private void Prune(string ns, IEnumerable<JsonObject> finished, int keep)
    {
        foreach (var old in finished.OrderByDescending(ControllerKit.FinishedAt).ThenByDescending(j => ControllerKit.Meta(j, "name"), StringComparer.Ordinal).Skip(keep))
        {
            kit.Registry.Delete(ResourceCatalog.Jobs, ns, ControllerKit.Meta(old, "name"), "Background", null, dryRun: false);
        }
    }
}
