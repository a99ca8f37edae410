using System.Text.Json.Nodes;
using GitOpsBackup.Admission;
using GitOpsBackup.Cycle;
using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Reporting;

/// <summary>Live CronJobs and Jobs → <see cref="StatusReport"/>. Pure: the clock is a parameter.</summary>
internal static class StatusBuilder
{
    public static readonly TimeSpan DefaultOverdue = TimeSpan.FromHours(26);

    /// <param name="live">The cluster's CronJobs, Jobs and pods.</param>
    /// <param name="now">The clock.</param>
    /// <param name="overdueAfter">How long without a success makes an app overdue.</param>
    /// <param name="window">The night's window from the repo's ExternalClone, when the caller has the repo; else it comes from the latest clone's summary.</param>
    public static StatusReport Build(LiveSnapshot live, DateTimeOffset now, TimeSpan overdueAfter, NightWindow? window = null)
    {
        var jobs = JobReader.BackupJobs(live);
        var drills = live.CronJobs.Where(c => !JobReader.IsBackupCronJob(c) && JobReader.Label(c, Rendering.RenderedLabels.Component) == Rendering.RenderedLabels.VerifyComponent)
            .Select(c => $"{JobReader.Meta(c, "namespace")}/{JobReader.Label(c, Ownership.AppLabel)}").ToHashSet(StringComparer.Ordinal);
        var apps = live.CronJobs
            .Where(JobReader.IsBackupCronJob)
            .Select(c => App(c, jobs, now, overdueAfter) is var app && drills.Contains($"{app.Namespace}/{app.App}") ? WithDrill(app, live) : app)
            .OrderBy(a => a.Namespace, StringComparer.Ordinal).ThenBy(a => a.App, StringComparer.Ordinal)
            .ToList();
        var clones = Clones(live);
        var night = Night(live, jobs, now);
        var latest = clones.Count > 0 ? clones[^1] : null;
        night = window is not null
            ? night with { Cycle = window.Cycle, CycleStart = window.Start, LatestStart = window.LatestStart }
            : night with { Cycle = latest?.Cycle, CycleStart = latest?.CycleStart, LatestStart = latest?.LatestStart };
        return new StatusReport(now, apps, Nodes(jobs), night) { Runs = Runs(live, jobs), Clones = clones };
    }

    /// <summary>Each backup Job's life for the timeline: the wait from its creation, the run from its admission.</summary>
    private static List<RunRecord> Runs(LiveSnapshot live, IReadOnlyList<BackupJob> jobs)
    {
        var created = live.Jobs.Where(JobReader.IsBackup).ToDictionary(
            j => $"{JobReader.Meta(j, "namespace")}/{JobReader.Meta(j, "name")}",
            j => JobReader.Time(JobReader.Meta(j, "creationTimestamp")),
            StringComparer.Ordinal);
        return jobs
            .Select(j => new RunRecord
            {
                Namespace = j.Namespace,
                App = j.App,
                Job = j.Name,
                Node = j.Node,
                Manual = j.Manual,
                Created = created.GetValueOrDefault(j.Key) ?? j.ScheduledAt,
                Admitted = j.StartedAt,
                Finished = j.FinishedAt,
                Outcome = Word(j),
            })
            .OrderBy(r => r.Created).ThenBy(r => r.Namespace, StringComparer.Ordinal).ThenBy(r => r.Job, StringComparer.Ordinal)
            .ToList();
    }

    private static List<CloneRecord> Clones(LiveSnapshot live) =>
        live.Jobs.Where(JobReader.IsClone)
            .OrderBy(j => JobReader.Meta(j, "name"), StringComparer.Ordinal)
            .Select(j =>
            {
                var summary = JobReader.Annotation(j, Cycle.CycleSummary.Annotation) is { } json ? Cycle.CycleSummary.FromJson(json) : null;
                var finished = JobReader.StateOf(j) == BackupJobState.Finished;
                var outcome = finished ? JobReader.CloneOutcomeOf(j, JobReader.PodOf(live, j)) : null;
                return new CloneRecord
                {
                    Namespace = JobReader.Meta(j, "namespace") ?? "",
                    Job = JobReader.Meta(j, "name") ?? "",
                    Cycle = DateOnly.TryParseExact(JobReader.Label(j, Rendering.RenderedLabels.Cycle), "yyyy-MM-dd", out var cycle) ? cycle : summary?.Cycle,
                    Node = JobReader.Str(j, "spec", "template", "spec", "nodeSelector", JobReader.Hostname),
                    Created = JobReader.Time(JobReader.Meta(j, "creationTimestamp")) ?? DateTimeOffset.UnixEpoch,
                    Started = JobReader.Time(JobReader.Str(j, "status", "startTime")),
                    Finished = finished ? JobReader.Read(j, null).FinishedAt : null,
                    Outcome = outcome?.Word ?? "running",
                    OutcomeReason = outcome?.Reason,
                    Reason = summary?.Reason,
                    CycleStart = summary?.Start,
                    LatestStart = summary?.LatestStart,
                };
            })
            .ToList();

    /// <summary>A Job's state in one word: the outcome classes of the timeline and the JSON.</summary>
    public static string Word(BackupJob job) => job.State switch
    {
        BackupJobState.Waiting when job.Outcome == JobOutcome.Unplaceable => "unplaceable",
        BackupJobState.Waiting => "waiting",
        BackupJobState.Running => "running",
        _ => Describe(job),
    };

    private static AppStatus App(JsonObject cronJob, IReadOnlyList<BackupJob> jobs, DateTimeOffset now, TimeSpan overdueAfter)
    {
        var ns = JobReader.Meta(cronJob, "namespace") ?? "";
        var app = JobReader.Label(cronJob, Ownership.AppLabel)!;
        var schedule = JobReader.Str(cronJob, "spec", "schedule") ?? "";
        var zone = JobReader.Str(cronJob, "spec", "timeZone") ?? "UTC";
        var mine = jobs.Where(j => j.Namespace == ns && j.App == app).OrderBy(j => j.ScheduledAt).ThenBy(j => j.Name, StringComparer.Ordinal).ToList();
        var last = mine.LastOrDefault();
        var lastOk = mine.Where(j => j.Outcome == JobOutcome.Ok).OrderBy(j => j.FinishedAt).ThenBy(j => j.Name, StringComparer.Ordinal).LastOrDefault();
        var lastSuccess = lastOk?.FinishedAt
            ?? JobReader.Time(JobReader.Str(cronJob, "status", "lastSuccessfulTime"));
        var created = JobReader.Time(JobReader.Meta(cronJob, "creationTimestamp")) ?? now;
        var suspended = cronJob["spec"]?["suspend"] is JsonValue s && s.TryGetValue<bool>(out var yes) && yes;
        return new AppStatus
        {
            Namespace = ns,
            App = app,
            Schedule = schedule,
            TimeZone = zone,
            Suspended = suspended,
            NextRun = suspended ? null : NextRun(schedule, zone, now),
            Node = last?.Node,
            LastJob = last?.Name,
            LastRunAt = last?.StartedAt ?? last?.ScheduledAt,
            LastOutcome = last is null ? "never" : last.Reason is { } why && last.Outcome != JobOutcome.Ok ? $"{Describe(last)}: {why}" : Describe(last),
            LastSuccess = lastSuccess,
            LastBytesAdded = lastOk?.BytesAdded,
            Overdue = !suspended && now - (lastSuccess ?? created) > overdueAfter,
        };
    }

    // The app's newest drill Job says how the last drill went; the newest passed one is when it was last proven restorable.
    private static AppStatus WithDrill(AppStatus app, LiveSnapshot live)
    {
        var drills = live.Jobs
            .Where(j => JobReader.IsVerify(j) && JobReader.Meta(j, "namespace") == app.Namespace && JobReader.Label(j, Ownership.AppLabel) == app.App)
            .OrderBy(j => JobReader.Time(JobReader.Meta(j, "creationTimestamp"))).ThenBy(j => JobReader.Meta(j, "name"), StringComparer.Ordinal)
            .ToList();
        var last = drills.LastOrDefault();
        var passed = drills.Where(j => JobReader.StateOf(j) == BackupJobState.Finished && JobReader.OutcomeOf(j, null) == JobOutcome.Ok)
            .Select(j => JobReader.Time(JobReader.Str(j, "status", "completionTime"))).Max();
        return app with
        {
            LastVerified = passed,
            Drill = last is null ? "never" : JobReader.StateOf(last) != BackupJobState.Finished ? "running" : JobReader.OutcomeOf(last, null) == JobOutcome.Ok ? "passed" : "failed",
        };
    }

    private static DateTimeOffset? NextRun(string schedule, string zone, DateTimeOffset now) =>
        Cycle.CronTimes.Between(schedule, zone, now, now.AddDays(366)).Select(t => (DateTimeOffset?)t.First).FirstOrDefault();

    /// <summary>A Job's state in the words of the status table.</summary>
    public static string Describe(BackupJob job) => job.State switch
    {
        BackupJobState.Waiting when job.Outcome == JobOutcome.Unplaceable => $"unplaceable: {job.WaitReason}",
        BackupJobState.Waiting => job.WaitReason is { } why ? $"waiting: {why}" : "waiting: not yet admitted",
        BackupJobState.Running => "running",
        _ => job.Outcome switch
        {
            JobOutcome.Ok => "ok",
            JobOutcome.Partial => "partial",
            JobOutcome.Empty => "empty",
            JobOutcome.DeadlineExceeded => "deadline",
            JobOutcome.Unplaceable => "unplaceable",
            _ => "failed",
        },
    };

    private static List<NodeStatus> Nodes(IReadOnlyList<BackupJob> jobs) =>
        jobs.Where(j => j.Node is not null && j.State != BackupJobState.Finished)
            .GroupBy(j => j.Node!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new NodeStatus(
                g.Key,
                g.Where(j => j.State == BackupJobState.Running).Select(j => j.Key).Order(StringComparer.Ordinal).ToList(),
                g.Where(j => j.State == BackupJobState.Waiting).OrderBy(j => j.ScheduledAt).Select(j => j.Key).ToList()))
            .ToList();

    private static NightStatus Night(LiveSnapshot live, IReadOnlyList<BackupJob> jobs, DateTimeOffset now)
    {
        var tonight = jobs.Where(j => !j.Manual && now - j.ScheduledAt <= TimeSpan.FromHours(24)).ToList();
        var done = tonight.Count(j => j.State == BackupJobState.Finished);
        var failed = tonight.Count(j => j.State == BackupJobState.Finished && j.Outcome != JobOutcome.Ok);
        var clone = live.Jobs.Where(JobReader.IsClone).OrderBy(j => JobReader.Meta(j, "name"), StringComparer.Ordinal).LastOrDefault();
        if (clone is null)
        {
            return new NightStatus(done, failed, tonight.Count, null, "not created", null);
        }

        var outcome = JobReader.StateOf(clone) == BackupJobState.Finished ? JobReader.CloneOutcomeOf(clone, JobReader.PodOf(live, clone)) : null;
        var state = outcome is null ? "running" : outcome.Succeeded ? "succeeded" : outcome.Word;
        var reason = JobReader.Annotation(clone, Cycle.CycleSummary.Annotation) is { } json ? Cycle.CycleSummary.FromJson(json)?.Reason : null;
        return new NightStatus(done, failed, tonight.Count, JobReader.Meta(clone, "name"), state, reason) { CloneOutcomeReason = outcome?.Reason };
    }
}
