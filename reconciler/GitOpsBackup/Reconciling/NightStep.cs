using System.Text.Json.Nodes;
using GitOpsBackup.Cluster;
using GitOpsBackup.Cycle;
using GitOpsBackup.Rendering;
using Serilog;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// The night's-cycle step of a pass: asks the pure <see cref="NightCycle"/> whether tonight's
/// backups are all done, and if so creates the external-clone Job under its deterministic name
/// (a second create after a restart is a harmless AlreadyExists), with the night's summary on it.
/// Also removes clone Jobs of old nights.
/// </summary>
internal sealed class NightStep(JobApi jobs, PassOptions options, ILogger log)
{
    internal sealed record Result(CycleDecision Decision, NightWindow Window, IReadOnlyList<string> Writes, IReadOnlyList<string> Failures, DateTimeOffset? NextCheckAt);

    /// <summary>The night's decision (pure), or null when the repo has no external clone.</summary>
    public static (CycleDecision Decision, NightWindow Window)? Decide(RepoState state, LiveSnapshot live, PassOptions options, DateTimeOffset now) =>
        Decide(state, live, options, now, new PassMemo());

    /// <inheritdoc cref="Decide(RepoState, LiveSnapshot, PassOptions, DateTimeOffset)"/>
    public static (CycleDecision Decision, NightWindow Window)? Decide(RepoState state, LiveSnapshot live, PassOptions options, DateTimeOffset now, PassMemo memo)
    {
        if (state.ExternalClone is not { } clone)
        {
            return null;
        }

        var window = NightCycle.WindowAt(clone, now);
        var scheduled = memo.ExpectedRuns(state, window);

        // A run due before its app's CronJob existed (or of an app whose CronJob is not there yet) never had a chance: not expected. A night whose every
        // run is such (the first night after install) gets no clone: nothing of it was backed up by us.
        var since = memo.CronJobsCreated(live);
        var expected = scheduled.Where(r => since.GetValueOrDefault(r.AppKey) is { } created && r.LastDue >= created).ToList();
        if (scheduled.Count > 0 && expected.Count == 0)
        {
            return null;
        }

        var cloneJob = live.Jobs.FirstOrDefault(j => JobReader.IsClone(j) && JobReader.Meta(j, "name") == ObjectNames.CloneJob(window.Cycle));
        return (NightCycle.Decide(window, expected, memo.BackupJobs(live), CloneStateOf(cloneJob, live), now, options.MissedAfter), window);
    }

    /// <summary>When each app's backup CronJob was created, by "namespace/app".</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset?> CronJobsCreated(LiveSnapshot live) =>
        live.CronJobs.Where(JobReader.IsBackupCronJob).ToDictionary(
            c => $"{JobReader.Meta(c, "namespace")}/{JobReader.Label(c, Ownership.AppLabel)}",
            c => JobReader.Time(JobReader.Meta(c, "creationTimestamp")),
            StringComparer.Ordinal);

    /// <summary>Why backups must wait, or null: the clone reads the buckets the backups write.</summary>
    public static string? PausesBackups((CycleDecision Decision, NightWindow Window)? night) =>
        night?.Decision is CycleDecision.CloneExists { PauseBackups: true } ? $"the external clone {ObjectNames.CloneJob(night.Value.Window.Cycle)} is running" : null;

    public async Task<Result?> RunAsync(RepoState state, LiveSnapshot live, (CycleDecision Decision, NightWindow Window)? night, CancellationToken ct)
    {
        if (night is not { } n || state.CloneTemplate is not { } template)
        {
            return null;
        }

        var writes = new List<string>();
        var failures = new List<string>();
        try
        {
            if (n.Decision is CycleDecision.CreateClone create)
            {
                var job = (k8s.Models.V1Job)template.ForCycle(n.Window.Cycle).Resource;
                job.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
                job.Metadata.Annotations[CycleSummary.Annotation] = create.Summary.ToJson();
                if (await jobs.CreateAsync(job, ct))
                {
                    await jobs.EventAsync(new JobEvent(job.Metadata.NamespaceProperty, job.Metadata.Name, null, "CloneCreated", create.Summary.Reason), ct);
                    log.Information("Created the external clone {Job} in {Namespace} on {Node} for the night of {Cycle}: {Reason}",
                        job.Metadata.Name, job.Metadata.NamespaceProperty, state.ExternalClone?.NodeName, n.Window.Cycle, create.Summary.Reason);
                    writes.Add($"create {job.Metadata.NamespaceProperty}/{job.Metadata.Name}");
                }
            }

            await RecordFinishedCloneAsync(live, n.Window.Cycle, writes, ct);
            foreach (var old in OldClones(live, n.Window.Cycle))
            {
                await jobs.DeleteAsync(old.Namespace, old.Name, ct);
                writes.Add($"delete {old.Namespace}/{old.Name}");
            }
        }
        catch (ClusterApiException ex)
        {
            failures.Add(ex.Message);
            log.Warning("The night's cycle step failed: {Error}", ex.Message);
        }

        var next = n.Decision is CycleDecision.Wait wait ? wait.WakeAt : (n.Decision as CycleDecision.NotStarted)?.StartsAt;
        return new Result(n.Decision, n.Window, writes, failures, next);
    }

    private IEnumerable<(string Namespace, string Name)> OldClones(LiveSnapshot live, DateOnly current)
    {
        var clones = live.Jobs.Where(JobReader.IsClone)
            .Select(j => (Namespace: JobReader.Meta(j, "namespace") ?? "", Name: JobReader.Meta(j, "name") ?? "", Cycle: JobReader.Label(j, RenderedLabels.Cycle)))
            .Where(c => DateOnly.TryParseExact(c.Cycle, "yyyy-MM-dd", out _))
            .ToList();
        var delete = NightCycle.ClonesToDelete(clones.Select(c => (c.Name, DateOnly.ParseExact(c.Cycle!, "yyyy-MM-dd"))), current, options.KeepCloneNights).ToHashSet(StringComparer.Ordinal);
        return clones.Where(c => delete.Contains(c.Name)).Select(c => (c.Namespace, c.Name));
    }

    private static CloneState CloneStateOf(JsonObject? job, LiveSnapshot live) =>
        job is null ? new CloneState.NotCreated()
        : JobReader.StateOf(job) != Admission.BackupJobState.Finished ? new CloneState.Running()
        : new CloneState.Finished(JobReader.CloneOutcomeOf(job, JobReader.PodOf(live, job)));

    /// <summary>
    /// Tonight's clone has finished and says so nowhere yet: its outcome goes onto the Job (an
    /// annotation, so a restart tells it once only), into an event on the Job and into the log.
    /// </summary>
    private async Task RecordFinishedCloneAsync(LiveSnapshot live, DateOnly cycle, List<string> writes, CancellationToken ct)
    {
        var job = live.Jobs.FirstOrDefault(j => JobReader.IsClone(j) && JobReader.Meta(j, "name") == ObjectNames.CloneJob(cycle));
        if (job is null || CloneStateOf(job, live) is not CloneState.Finished { Outcome: var outcome } || JobReader.Annotation(job, JobAnnotations.Outcome) is not null)
        {
            return;
        }

        var ns = JobReader.Meta(job, "namespace") ?? "";
        var name = JobReader.Meta(job, "name") ?? "";
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [JobAnnotations.Outcome] = outcome.ToString() } } };
        await jobs.PatchAsync(ns, name, patch, ct);
        writes.Add($"annotate {ns}/{name} {JobAnnotations.Outcome}={outcome}");
        var message = $"{outcome}: {outcome.Meaning}";
        var reason = outcome.Result switch
        {
            CloneResult.Ok => "CloneFinished",
            CloneResult.Partial => "ClonePartial",
            CloneResult.Refused => "CloneRefused",
            _ => "CloneFailed",
        };
        await jobs.EventAsync(new JobEvent(ns, name, JobReader.Meta(job, "uid"), reason, message, Warning: !outcome.Succeeded), ct);
        if (outcome.Succeeded)
        {
            log.Information("The external clone {Namespace}/{Job} of the night of {Cycle} finished: {Outcome}", ns, name, cycle, message);
        }
        else
        {
            log.Warning("The external clone {Namespace}/{Job} of the night of {Cycle} did not succeed: {Outcome}; its log says more", ns, name, cycle, message);
        }
    }
}
