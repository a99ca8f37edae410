using System.Text.Json.Nodes;
using GitOpsBackup.Admission;
using GitOpsBackup.Cycle;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Rendering;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>Live Job JSON → BackupJob: state, outcome, node, times and manual runs, as admission, the cycle and status read them.</summary>
public sealed class JobReaderTests
{
    private static readonly DateTimeOffset Scheduled = NightHarness.Utc("2026-12-03T02:00:00Z");
    private static readonly DateTimeOffset Started = Scheduled.AddSeconds(30);
    private static readonly DateTimeOffset Ended = Scheduled.AddMinutes(12);

    private static JsonObject Job() => LiveJson.BackupJob("media", "jellyfin", "backup-jellyfin-1", Scheduled, "config", "data");

    public static TheoryData<string, JobOutcome> Outcomes => new()
    {
        { "complete", JobOutcome.Ok },
        { "exit 0", JobOutcome.Failed }, // the Job failed although the pod says 0 (a sidecar, an eviction): not ok
        { "exit 1", JobOutcome.Failed },
        { "exit 3", JobOutcome.Partial },
        { "exit 4", JobOutcome.Empty },
        { "exit 137", JobOutcome.Failed },
        { "no pod", JobOutcome.Failed },
        { "deadline", JobOutcome.DeadlineExceeded },
        { "deadline, exit 3", JobOutcome.DeadlineExceeded }, // the deadline decides, whatever the container said
    };

    [Fact]
    public void BytesAdded_ComesFromTheAttemptThatSucceeded_WhicheverPodIsListedLast()
    {
        var job = Job().Started(Started).Completed(Ended);
        var succeeded = LiveJson.Pod(job, "node-1", 0, "bytes_added=2048\n");
        var failed = LiveJson.Pod(job, "node-2", 1, "bytes_added=7\n");
        failed["metadata"]!["name"] = "backup-jellyfin-1-x0";
        var live = new LiveSnapshot { Jobs = [job], Pods = [succeeded, failed] };

        var read = JobReader.BackupJobs(live).Single();

        Assert.Equal(2048, read.BytesAdded);
        Assert.Equal("node-1", read.Node);
    }

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Outcome_FromTheJobsConditionAndThePodsExitCode(string how, JobOutcome expected)
    {
        var job = Job().Started(Started);
        JsonObject? pod = null;
        switch (how)
        {
            case "complete":
                job.Completed(Ended);
                pod = LiveJson.Pod(job, "node-1", 0);
                break;
            case "no pod":
                job.Failed(Ended);
                break;
            case "deadline":
                job.Failed(Ended, "DeadlineExceeded");
                break;
            case "deadline, exit 3":
                job.Failed(Ended, "DeadlineExceeded");
                pod = LiveJson.Pod(job, "node-1", 3);
                break;
            default:
                job.Failed(Ended);
                pod = LiveJson.Pod(job, "node-1", int.Parse(how["exit ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                break;
        }

        var read = JobReader.Read(job, pod);

        Assert.Equal(BackupJobState.Finished, read.State);
        Assert.Equal(expected, read.Outcome);
        Assert.Equal(Ended, read.FinishedAt);
    }

    public static TheoryData<string, BackupJobState> States => new()
    {
        { "suspended, never started", BackupJobState.Waiting },
        { "suspended after it started", BackupJobState.Running }, // it ran: not admission's to decide again
        { "not suspended, not started yet", BackupJobState.Running },
        { "started", BackupJobState.Running },
        { "Complete=False", BackupJobState.Running },
        { "Failed=False", BackupJobState.Running },
        { "complete", BackupJobState.Finished },
        { "failed", BackupJobState.Finished },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void State_WaitingOnlyWhileSuspendedAndNeverStarted(string how, BackupJobState expected)
    {
        var job = how switch
        {
            "suspended, never started" => Job(),
            "suspended after it started" => Job().Started(Started).Resuspended(),
            "not suspended, not started yet" => Unsuspended(Job()),
            "started" => Job().Started(Started),
            "Complete=False" => Job().Started(Started).Condition("Complete", "False"),
            "Failed=False" => Job().Started(Started).Condition("Failed", "False"),
            "complete" => Job().Started(Started).Completed(Ended),
            "failed" => Job().Started(Started).Failed(Ended),
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };

        Assert.Equal(expected, JobReader.StateOf(job));
        Assert.Equal(expected, JobReader.Read(job, null).State);
    }

    [Theory]
    [InlineData("scheduled", false)]
    [InlineData("scheduled + instantiate manual", true)] // kubectl create job --from=cronjob copies the template's annotations
    [InlineData("no scheduled timestamp", true)]
    [InlineData("neither", true)]
    public void Manual_WhenInstantiatedByHandOrNotScheduled(string how, bool manual)
    {
        var job = how switch
        {
            "scheduled" => Job(),
            "scheduled + instantiate manual" => Job().Manual(),
            "no scheduled timestamp" => Job().Unscheduled().Manual(),
            _ => Job().Unscheduled(),
        };

        Assert.Equal(manual, JobReader.Read(job, null).Manual);
    }

    [Fact]
    public void ScheduledAt_IsTheCronJobsTimestamp_ElseTheCreationTime()
    {
        var scheduled = LiveJson.BackupJob("media", "jellyfin", "a", Scheduled);
        scheduled["metadata"]!["creationTimestamp"] = LiveJson.Stamp(Scheduled.AddSeconds(7));
        var manual = LiveJson.BackupJob("media", "jellyfin", "b", Scheduled).Unscheduled();
        manual["metadata"]!["creationTimestamp"] = LiveJson.Stamp(Scheduled.AddMinutes(5));

        Assert.Equal(Scheduled, JobReader.Read(scheduled, null).ScheduledAt);
        Assert.Equal(Scheduled.AddMinutes(5), JobReader.Read(manual, null).ScheduledAt);
    }

    [Fact]
    public void Node_WaitingIsThePinnedNode_RunningIsThePodsNode()
    {
        var waiting = Job().Pinned("node-2").Waiting("node-2 runs 1 of 1: media/other");
        var running = Job().Pinned("node-2").Started(Started);
        var unpinned = Job().Started(Started);

        Assert.Equal("node-2", JobReader.Read(waiting, LiveJson.Pod(waiting, "node-9")).Node);
        Assert.Equal("node-3", JobReader.Read(running, LiveJson.Pod(running, "node-3")).Node);
        Assert.Equal("node-2", JobReader.Read(running, null).Node);
        Assert.Null(JobReader.Read(unpinned, null).Node);
    }

    [Fact]
    public void Waiting_CarriesItsReason_AndUnplaceableIsAnOutcome()
    {
        var waiting = JobReader.Read(Job().Waiting("the external clone external-clone-20261203 is running"), null);
        var unplaceable = JobReader.Read(Job().Unplaceable("pvc config on node-1, pvc data on node-2"), null);

        Assert.Equal(BackupJobState.Waiting, waiting.State);
        Assert.Null(waiting.Outcome);
        Assert.Equal("the external clone external-clone-20261203 is running", waiting.WaitReason);
        Assert.Equal(BackupJobState.Waiting, unplaceable.State);
        Assert.Equal(JobOutcome.Unplaceable, unplaceable.Outcome);
        Assert.Equal("pvc config on node-1, pvc data on node-2", unplaceable.WaitReason);
    }

    [Fact]
    public void Times_StartFromStatus_FinishFromCompletionTimeElseTheFailedCondition()
    {
        var ok = JobReader.Read(Job().Started(Started).Completed(Ended), null);
        var failed = JobReader.Read(Job().Started(Started).Failed(Ended.AddMinutes(1)), null);
        var running = JobReader.Read(Job().Started(Started), null);

        Assert.Equal((Started, Ended), (ok.StartedAt!.Value, ok.FinishedAt!.Value));
        Assert.Equal(Ended.AddMinutes(1), failed.FinishedAt);
        Assert.Equal(Started, running.StartedAt);
        Assert.Null(running.FinishedAt);
    }

    [Fact]
    public void Read_TakesAppAndClaimsFromTheJob()
    {
        var job = JobReader.Read(Job(), null);

        Assert.Equal(("media", "backup-jellyfin-1", "jellyfin"), (job.Namespace, job.Name, job.App));
        Assert.Equal(["config", "data"], job.Claims);
    }

    [Fact]
    public void BackupJobs_SkipsClonesAndForeignJobs_AndFindsEachJobsPodByOwnerUid()
    {
        var mine = Job().Started(Started).Failed(Ended);
        var other = LiveJson.BackupJob("media", "jellyfin", "backup-jellyfin-2", Scheduled.AddDays(1)).Started(Started.AddDays(1));
        var noApp = LiveJson.BackupJob("media", "jellyfin", "hand-made", Scheduled);
        ((JsonObject)noApp["metadata"]!["labels"]!).Remove(Ownership.AppLabel);
        var clone = LiveJson.CloneJob(new DateOnly(2026, 12, 3), Ended);
        var live = new LiveSnapshot
        {
            Jobs = [mine, other, noApp, clone],
            Pods = [LiveJson.Pod(other, "node-2"), LiveJson.Pod(mine, "node-1", 4)],
        };

        var jobs = JobReader.BackupJobs(live);

        Assert.Equal(["backup-jellyfin-1", "backup-jellyfin-2"], jobs.Select(j => j.Name));
        Assert.Equal((JobOutcome.Empty, "node-1"), (jobs[0].Outcome!.Value, jobs[0].Node!));
        Assert.Equal((BackupJobState.Running, "node-2"), (jobs[1].State, jobs[1].Node!));
        Assert.True(JobReader.IsClone(clone));
        Assert.False(JobReader.IsBackup(clone));
    }

    public static TheoryData<string, CloneResult, string?> CloneOutcomes => new()
    {
        { "complete", CloneResult.Ok, null },
        { "exit 3: outcome=partial reason=disk-full", CloneResult.Partial, "disk-full" },
        { "exit 5: outcome=refused reason=wrong-disk", CloneResult.Refused, "wrong-disk" },
        { "exit 5: outcome=refused reason=marker-uuid", CloneResult.Refused, "marker-uuid" },
        { "exit 1: outcome=failed reason=copy,check", CloneResult.Failed, "copy,check" },
        { "exit 3: panic: runtime error", CloneResult.Partial, null }, // not clone.sh's line: no reason, the exit code still counts
        { "exit 137", CloneResult.Failed, null },
        { "pod gone, policy exit 5", CloneResult.Refused, null }, // the Job's condition keeps the exit code
        { "pod gone, policy exit 3", CloneResult.Partial, null },
        { "pod gone, backoff", CloneResult.Failed, null },
        { "deadline", CloneResult.Failed, "deadline" },
    };

    [Theory]
    [MemberData(nameof(CloneOutcomes))]
    public void CloneOutcome_ComesFromTheExitCode_AndItsReasonFromTheTerminationMessage(string how, CloneResult result, string? reason)
    {
        var job = LiveJson.CloneJob(new DateOnly(2026, 12, 3), Started);
        JsonObject? pod = null;
        if (how == "complete")
        {
            job.Completed(Ended);
            pod = LiveJson.Pod(job, "node-3", 0);
        }
        else if (how == "deadline")
        {
            job.Failed(Ended, "DeadlineExceeded");
        }
        else if (how == "pod gone, backoff")
        {
            job.Failed(Ended);
        }
        else if (how.StartsWith("pod gone, policy exit ", StringComparison.Ordinal))
        {
            job.FailedByPolicy(Ended, int.Parse(how[^1..], System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            var code = int.Parse(how["exit ".Length..].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
            var message = how.Contains(": ", StringComparison.Ordinal) ? how[(how.IndexOf(": ", StringComparison.Ordinal) + 2)..] + "\n" : null;
            if (code is CloneExit.Partial or CloneExit.Refused)
            {
                job.FailedByPolicy(Ended, code);
            }
            else
            {
                job.Failed(Ended);
            }

            pod = LiveJson.Pod(job, "node-3", code, message);
        }

        var outcome = JobReader.CloneOutcomeOf(job, pod);

        Assert.Equal(new CloneOutcome(result, reason), outcome);
        Assert.Equal(result == CloneResult.Ok, outcome.Succeeded);
    }

    [Fact]
    public void ClonePod_IsFoundByOwnerUid_AndABackupPodIsNotTheClones()
    {
        var clone = LiveJson.CloneJob(new DateOnly(2026, 12, 3), Started).FailedByPolicy(Ended, CloneExit.Refused);
        var backup = Job().Started(Started).Failed(Ended);
        var live = new LiveSnapshot
        {
            Jobs = [backup, clone],
            Pods = [LiveJson.Pod(backup, "node-1", 1, "outcome=failed reason=repository\n"), LiveJson.Pod(clone, "node-3", CloneExit.Refused, "outcome=refused reason=no-space\n")],
        };

        Assert.Equal(new CloneOutcome(CloneResult.Refused, "no-space"), JobReader.CloneOutcomeOf(clone, JobReader.PodOf(live, clone)));
        Assert.Equal("node-1", (string?)JobReader.PodOf(live, backup)?["spec"]?["nodeName"]);
    }

    private static JsonObject Unsuspended(JsonObject job)
    {
        job["spec"]!["suspend"] = false;
        return job;
    }
}
