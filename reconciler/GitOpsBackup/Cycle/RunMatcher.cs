using GitOpsBackup.Admission;

namespace GitOpsBackup.Cycle;

/// <summary>Finds the Job that ran an expected backup and says where that run stands.</summary>
internal static class RunMatcher
{
    // The controller stamps the scheduled time it computed; allow for clock skew and rounding.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(1);

    /// <summary>Where <paramref name="run"/> stands, given the scheduled (non-manual) Jobs of its app.</summary>
    public static NightRun Status(ExpectedRun run, IEnumerable<BackupJob> appJobs, DateTimeOffset now, TimeSpan missedAfter)
    {
        // An unfinished Job wins over a finished one of the same run: it is the rerun still to wait for.
        var job = appJobs
            .Where(j => Matches(run, j.ScheduledAt))
            .OrderBy(j => j.State == BackupJobState.Finished)
            .ThenByDescending(j => j.FinishedAt)
            .FirstOrDefault();
        var status = job is null
            ? now >= run.LastDue + missedAfter ? RunStatus.Missed : RunStatus.Pending
            : Of(job);
        return new NightRun(run.Namespace, run.App, run.ScheduledAt, job?.Name, status);
    }

    private static bool Matches(ExpectedRun run, DateTimeOffset scheduledAt) =>
        (scheduledAt - run.ScheduledAt).Duration() <= Tolerance
        || (run.RepeatAt is { } repeat && (scheduledAt - repeat).Duration() <= Tolerance);

    private static RunStatus Of(BackupJob job) => (job.State, job.Outcome) switch
    {
        // Marked unplaceable while still suspended: it will never run, so it is settled.
        (_, JobOutcome.Unplaceable) => RunStatus.Unplaceable,
        (BackupJobState.Waiting, _) => RunStatus.Waiting,
        (BackupJobState.Running, _) => RunStatus.Running,
        (_, JobOutcome.Ok) => RunStatus.Ok,
        (_, JobOutcome.Partial) => RunStatus.Partial,
        (_, JobOutcome.Empty) => RunStatus.Empty,
        (_, JobOutcome.DeadlineExceeded) => RunStatus.Deadline,
        _ => RunStatus.Failed,
    };
}
