using GitOpsBackup.Admission;
using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Reporting;

/// <summary>
/// Turns what each pass saw and did into the night's events, by comparing each backup and clone Job
/// with how it was at the previous look. Start and finish times come from the Job's own status, so
/// they are exact however late a pass looks.
/// </summary>
internal sealed class NightRecorder
{
    private readonly Dictionary<string, (BackupJobState State, string? Unplaceable)> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BackupJobState> _clones = new(StringComparer.Ordinal);

    public IReadOnlyList<NightEvent> Observe(LiveSnapshot live, PassOutcome outcome, DateTimeOffset now)
    {
        var events = new List<NightEvent>();
        var decided = outcome.Admission?.DecidedAt ?? now;
        foreach (var action in outcome.Admission?.Actions ?? [])
        {
            var job = action.Job;
            switch (action)
            {
                case Admit admit:
                    events.Add(new NightEvent(decided, "admit", job.App, job.Namespace, admit.Node, job.Name));
                    break;
                case Replace:
                    events.Add(new NightEvent(decided, "replace", job.App, job.Namespace, job.Node, job.Name));
                    break;
                case Unplaceable u when !u.IsNoOp:
                    events.Add(new NightEvent(decided, "skip", job.App, job.Namespace, null, job.Name));
                    break;
            }
        }

        foreach (var job in JobReader.BackupJobs(live))
        {
            var before = _jobs.TryGetValue(job.Key, out var seen) ? seen.State : (BackupJobState?)null;
            if (job.State != BackupJobState.Waiting && before is null or BackupJobState.Waiting)
            {
                events.Add(new NightEvent(job.StartedAt ?? now, "start", job.App, job.Namespace, job.Node, job.Name));
            }

            if (job.State == BackupJobState.Finished && before != BackupJobState.Finished)
            {
                events.Add(new NightEvent(job.FinishedAt ?? now, job.Outcome == JobOutcome.Ok ? "finish" : "fail", job.App, job.Namespace, job.Node, job.Name));
            }

            _jobs[job.Key] = (job.State, null);
        }

        foreach (var clone in live.Jobs.Where(JobReader.IsClone))
        {
            var key = $"{JobReader.Meta(clone, "namespace")}/{JobReader.Meta(clone, "name")}";
            var state = JobReader.StateOf(clone);
            var before = _clones.TryGetValue(key, out var s) ? s : (BackupJobState?)null;
            var ns = JobReader.Meta(clone, "namespace") ?? "";
            var name = JobReader.Meta(clone, "name") ?? "";
            var node = JobReader.Str(clone, "spec", "template", "spec", "nodeSelector", JobReader.Hostname);
            if (before is null)
            {
                events.Add(new NightEvent(JobReader.Time(JobReader.Meta(clone, "creationTimestamp")) ?? now, "clone-create", null, ns, node, name));
            }

            if (state == BackupJobState.Finished && before is not BackupJobState.Finished)
            {
                var finished = JobReader.Read(clone, null).FinishedAt ?? now;
                var ok = JobReader.CloneOutcomeOf(clone, JobReader.PodOf(live, clone)).Succeeded;
                events.Add(new NightEvent(finished, ok ? "clone-finish" : "clone-fail", null, ns, node, name));
            }

            _clones[key] = state;
        }

        return events.OrderBy(e => e.Time).ToList();
    }
}
