using System.Text.Json.Nodes;
using GitOpsBackup.Admission;
using GitOpsBackup.Cluster;
using Serilog;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// The admission step of a pass: gathers the waiting Jobs and the placement facts, asks the pure
/// <see cref="Admitter"/>, and carries out its decisions: one merge patch per Job (pin and
/// un-suspend together, as Kueue does), deletes for replaced runs, an Event for each decision.
/// A decision that changes nothing on the Job (the same wait, for the same reason) writes nothing.
/// </summary>
internal sealed class AdmissionStep(JobApi jobs, ILogger log)
{
    internal sealed record Result(AdmissionPlan Plan, IReadOnlyList<string> Writes, IReadOnlyList<string> Failures);

    public async Task<Result> RunAsync(LiveSnapshot live, RepoState state, string? paused, DateTimeOffset now, PassMemo memo, CancellationToken ct)
    {
        var backups = memo.BackupJobs(live);
        var uids = live.Jobs.ToDictionary(j => $"{JobReader.Meta(j, "namespace")}/{JobReader.Meta(j, "name")}", j => JobReader.Meta(j, "uid"), StringComparer.Ordinal);
        var options = new AdmissionOptions
        {
            MaxBackupsPerNode = state.MaxBackupsPerNode,
            Paused = paused is not null,
            PausedReason = paused,
        };
        var plan = Admitter.Decide(backups, memo.Placement(live), options, now);
        var writes = new List<string>();
        var failures = new List<string>();
        foreach (var action in plan.Changes)
        {
            var job = action.Job;
            var uid = uids.GetValueOrDefault(job.Key);
            try
            {
                switch (action)
                {
                    case Admit admit:
                        await jobs.PatchAsync(job.Namespace, job.Name, AdmitPatch(admit), ct);
                        await jobs.EventAsync(new JobEvent(job.Namespace, job.Name, uid, "Admitted", $"admitted to {admit.Node}: {admit.Reason}"), ct);
                        log.Information("Admitted {Job} of {Namespace}/{App} to {Node}: {Reason}", job.Name, job.Namespace, job.App, admit.Node, admit.Reason);
                        writes.Add($"admit {job.Key} on {admit.Node}");
                        break;
                    case Wait wait when !wait.IsNoOp:
                        await jobs.PatchAsync(job.Namespace, job.Name, WaitPatch(wait.Node, wait.Reason, unplaceable: false), ct);
                        await jobs.EventAsync(new JobEvent(job.Namespace, job.Name, uid, "Waiting", wait.Reason), ct);
                        log.ForContext("Node", wait.Node).Information("{Job} of {Namespace}/{App} waits: {Reason}", job.Name, job.Namespace, job.App, wait.Reason);
                        writes.Add($"wait {job.Key}");
                        break;
                    case Replace replace:
                        await jobs.DeleteAsync(job.Namespace, job.Name, ct);
                        await jobs.EventAsync(new JobEvent(replace.By.Namespace, replace.By.Name, uids.GetValueOrDefault(replace.By.Key), "Replaced",
                            $"replaced the older waiting run {job.Name} (scheduled {job.ScheduledAt:u}): at most one run per app waits"), ct);
                        log.Information("Replaced waiting {Job} of {Namespace}/{App} by {Newer}", job.Name, job.Namespace, job.App, replace.By.Name);
                        writes.Add($"replace {job.Key} by {replace.By.Name}");
                        break;
                    case Unplaceable unplaceable when !unplaceable.IsNoOp:
                        await jobs.PatchAsync(job.Namespace, job.Name, WaitPatch(null, unplaceable.Reason, unplaceable: true), ct);
                        await jobs.EventAsync(new JobEvent(job.Namespace, job.Name, uid, "Unplaceable", unplaceable.Reason, Warning: true), ct);
                        log.Warning("{Job} of {Namespace}/{App} cannot be placed: {Reason}", job.Name, job.Namespace, job.App, unplaceable.Reason);
                        writes.Add($"unplaceable {job.Key}");
                        break;
                }
            }
            catch (ClusterApiException ex)
            {
                // One Job's failed write never stops the others; the next pass decides again.
                failures.Add(ex.Message);
                log.Warning("Admission write for {Job} of {Namespace}/{App} failed: {Error}", job.Name, job.Namespace, job.App, ex.Message);
            }
        }

        return new Result(plan, writes, failures);
    }

    /// <summary>Pin and un-suspend in one update: the API server accepts the template change only while the Job is suspended and has never run.</summary>
    internal static JsonObject AdmitPatch(Admit admit) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["annotations"] = new JsonObject
            {
                [JobAnnotations.Admitted] = $"{admit.Node}: {admit.Reason}",
                [JobAnnotations.Waiting] = null,
                [JobAnnotations.Outcome] = null,
            },
        },
        ["spec"] = new JsonObject
        {
            ["suspend"] = false,
            ["template"] = new JsonObject { ["spec"] = new JsonObject { ["nodeSelector"] = new JsonObject { [JobReader.Hostname] = admit.Node } } },
        },
    };

    internal static JsonObject WaitPatch(string? node, string reason, bool unplaceable)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject
                {
                    [JobAnnotations.Waiting] = reason,
                    [JobAnnotations.Outcome] = unplaceable ? "unplaceable" : null,
                },
            },
        };
        if (node is not null)
        {
            // Pinned while it waits: status and kubectl show where it will run; changing it is allowed while suspended.
            patch["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["nodeSelector"] = new JsonObject { [JobReader.Hostname] = node } } } };
        }

        return patch;
    }
}
