using GitOpsBackup.Admission;
using GitOpsBackup.Cycle;
using static GitOpsBackup.Tests.Cycle.CycleKit;

namespace GitOpsBackup.Tests.Cycle;

public sealed class DecideTests
{
    private static readonly CloneState NotCreated = new CloneState.NotCreated();

    private static readonly ExpectedRun[] Night = [Run("nextcloud", "2026-05-10T02:00Z"), Run("jellyfin", "2026-05-10T03:00Z", ns: "media")];

    private static CycleDecision Decide(string now, params BackupJob[] jobs) =>
        NightCycle.Decide(May10, Night, jobs, NotCreated, At(now), MissedAfter);

    [Fact]
    public void Decide_BeforeTheStart_NotStarted()
    {
        var decision = NightCycle.Decide(May10, Night, [], NotCreated, At("2026-05-09T23:59Z"), MissedAfter);

        Assert.Equal(new CycleDecision.NotStarted(May10.Start), decision);
    }

    [Fact]
    public void Decide_OneBackupRunning_Waits()
    {
        var decision = Decide(
            "2026-05-10T04:00Z",
            Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Ok),
            Job("jellyfin", "2026-05-10T03:00Z", BackupJobState.Running, ns: "media"));

        var wait = Assert.IsType<CycleDecision.Wait>(decision);
        var running = Assert.Single(wait.Awaiting);
        Assert.Equal(("media/jellyfin", RunStatus.Running), (running.AppKey, running.Status));
        Assert.Equal(May10.LatestStart, wait.WakeAt);
    }

    [Fact]
    public void Decide_LastBackupFinished_CreatesTheClone()
    {
        var decision = Decide(
            "2026-05-10T04:00Z",
            Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Ok),
            Job("jellyfin", "2026-05-10T03:00Z", BackupJobState.Finished, JobOutcome.Partial, ns: "media"));

        var create = Assert.IsType<CycleDecision.CreateClone>(decision);
        Assert.Equal("external-clone-20260510", create.JobName);
        Assert.Equal("all 2 backups of the night finished", create.Summary.Reason);
        Assert.Equal((2, 0, 2), (create.Summary.Done, create.Summary.Failed, create.Summary.Total));
    }

    [Theory]
    [InlineData(BackupJobState.Finished, JobOutcome.Failed, "failed")]
    [InlineData(BackupJobState.Finished, JobOutcome.DeadlineExceeded, "deadline")]
    [InlineData(BackupJobState.Finished, null, "failed")]
    [InlineData(BackupJobState.Waiting, JobOutcome.Unplaceable, "unplaceable")]
    public void Decide_LastBackupFailed_StillCreatesTheClone(BackupJobState state, JobOutcome? outcome, string word)
    {
        var decision = Decide(
            "2026-05-10T04:00Z",
            Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Ok),
            Job("jellyfin", "2026-05-10T03:00Z", state, outcome, ns: "media"));

        var summary = Assert.IsType<CycleDecision.CreateClone>(decision).Summary;
        Assert.Equal((1, 1), (summary.Done, summary.Failed));
        Assert.Equal(word, CycleSummary.Word(summary.Runs.Single(r => r.App == "jellyfin").Status));
    }

    [Fact]
    public void Decide_LatestStartReached_CreatesTheCloneAndNamesTheUnfinished()
    {
        ExpectedRun[] night = [.. Night, Run("immich", "2026-05-10T05:00Z", ns: "media"), Run("paperless", "2026-05-10T07:30Z")];
        BackupJob[] jobs =
        [
            Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Ok),
            Job("jellyfin", "2026-05-10T03:00Z", BackupJobState.Running, ns: "media"),
            Job("immich", "2026-05-10T05:00Z", BackupJobState.Waiting, ns: "media"),
        ];

        var decision = NightCycle.Decide(May10, night, jobs, NotCreated, May10.LatestStart, MissedAfter);

        var summary = Assert.IsType<CycleDecision.CreateClone>(decision).Summary;
        Assert.Equal("latest start 08:00 reached; not finished: home/paperless (pending), media/immich (waiting), media/jellyfin (running)", summary.Reason);
        Assert.Equal(["home/paperless (pending)", "media/immich (waiting)", "media/jellyfin (running)"], summary.NotFinished);
        Assert.Equal((1, 0, 4), (summary.Done, summary.Failed, summary.Total));
    }

    [Fact]
    public void Decide_JustBeforeLatestStart_StillWaits() =>
        Assert.IsType<CycleDecision.Wait>(Decide("2026-05-10T07:59:59Z", Job("jellyfin", "2026-05-10T03:00Z", BackupJobState.Running, ns: "media")));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decide_CloneRunning_ExistsAndPausesBackups(bool latestReached)
    {
        var now = latestReached ? "2026-05-10T09:00Z" : "2026-05-10T04:00Z";

        var decision = NightCycle.Decide(May10, Night, [], new CloneState.Running(), At(now), MissedAfter);

        Assert.Equal(new CycleDecision.CloneExists(PauseBackups: true), decision);
    }

    [Theory]
    [InlineData(CloneResult.Ok)]
    [InlineData(CloneResult.Partial)]
    [InlineData(CloneResult.Refused)]
    [InlineData(CloneResult.Failed)]
    public void Decide_CloneFinished_IsNeverCreatedTwice(CloneResult result)
    {
        BackupJob[] allDone =
        [
            Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Ok),
            Job("jellyfin", "2026-05-10T03:00Z", BackupJobState.Finished, JobOutcome.Ok, ns: "media"),
        ];

        var decision = NightCycle.Decide(May10, Night, allDone, new CloneState.Finished(new CloneOutcome(result, null)), At("2026-05-10T09:00Z"), MissedAfter);

        Assert.Equal(new CycleDecision.CloneExists(PauseBackups: false), decision);
    }

    [Fact]
    public void Decide_NoJobWithinTheStartingDeadline_StaysPendingAndWakesWhenItIsMissed()
    {
        var decision = Decide("2026-05-10T03:59Z", Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Ok));

        var wait = Assert.IsType<CycleDecision.Wait>(decision);
        Assert.Equal(RunStatus.Pending, Assert.Single(wait.Awaiting).Status);
        Assert.Equal(At("2026-05-10T04:00Z"), wait.WakeAt);
    }

    [Fact]
    public void Decide_NoJobAfterTheStartingDeadline_CountsAsMissedAndCreatesTheClone()
    {
        var decision = Decide("2026-05-10T04:00Z", Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Ok));

        var summary = Assert.IsType<CycleDecision.CreateClone>(decision).Summary;
        Assert.Equal("all 2 backups of the night finished; missed: media/jellyfin", summary.Reason);
        Assert.Equal((1, 1), (summary.Done, summary.Failed));
        Assert.Null(summary.Runs.Single(r => r.App == "jellyfin").JobName);
    }

    [Fact]
    public void Decide_RunNotYetDue_WakesWhenItFallsDue()
    {
        var wait = Assert.IsType<CycleDecision.Wait>(Decide("2026-05-10T01:00Z"));

        Assert.Equal(At("2026-05-10T02:00Z"), wait.WakeAt);
        Assert.All(wait.Awaiting, r => Assert.Equal(RunStatus.Pending, r.Status));
    }

    [Theory]
    [InlineData("2026-05-10T02:00:30Z", true)]
    [InlineData("2026-05-10T01:59:00Z", true)]
    [InlineData("2026-05-10T02:02:00Z", false)]
    public void Decide_MatchesAJobStampedWithinAMinute(string stamped, bool matched)
    {
        var decision = Decide(
            "2026-05-10T05:00Z",
            Job("nextcloud", stamped, BackupJobState.Finished, JobOutcome.Ok),
            Job("jellyfin", "2026-05-10T03:00Z", BackupJobState.Finished, JobOutcome.Ok, ns: "media"));

        var summary = Assert.IsType<CycleDecision.CreateClone>(decision).Summary;
        Assert.Equal(matched ? RunStatus.Ok : RunStatus.Missed, summary.Runs.Single(r => r.App == "nextcloud").Status);
    }

    [Fact]
    public void Decide_IgnoresManualJobs()
    {
        var decision = Decide(
            "2026-05-10T04:30Z",
            Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Ok, manual: true),
            Job("jellyfin", "2026-05-10T03:00Z", BackupJobState.Finished, JobOutcome.Ok, ns: "media"));

        var summary = Assert.IsType<CycleDecision.CreateClone>(decision).Summary;
        Assert.Equal(RunStatus.Missed, summary.Runs.Single(r => r.App == "nextcloud").Status);
    }

    [Fact]
    public void Decide_JobOfAnotherNamespace_DoesNotMatch()
    {
        var decision = Decide("2026-05-10T02:30Z", Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Running, ns: "other"));

        Assert.Equal(RunStatus.Pending, Assert.IsType<CycleDecision.Wait>(decision).Awaiting[0].Status);
    }

    [Fact]
    public void Decide_FinishedAndUnfinishedJobForOneRun_WaitsForTheUnfinished()
    {
        var decision = Decide(
            "2026-05-10T04:00Z",
            Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Finished, JobOutcome.Failed) with { Name = "first" },
            Job("nextcloud", "2026-05-10T02:00Z", BackupJobState.Waiting) with { Name = "rerun" },
            Job("jellyfin", "2026-05-10T03:00Z", BackupJobState.Finished, JobOutcome.Ok, ns: "media"));

        var waiting = Assert.Single(Assert.IsType<CycleDecision.Wait>(decision).Awaiting);
        Assert.Equal(("rerun", RunStatus.Waiting), (waiting.JobName, waiting.Status));
    }

    [Theory]
    [InlineData("2026-10-25T00:30Z")] // the first occurrence of 02:30 Berlin
    [InlineData("2026-10-25T01:30Z")] // the repeat, as the simulator stamps it (standard time)
    public void Decide_FallBackRun_MatchesAJobStampedAtEitherOccurrence(string stamped)
    {
        var window = NightCycle.WindowAt(Clone("00:00", "08:00", "Europe/Berlin"), At("2026-10-25T03:00Z"));
        var expected = NightCycle.ExpectedRuns(window, [new CycleApp("home", "nextcloud", "30 2 * * *", "Europe/Berlin")]);

        var decision = NightCycle.Decide(window, expected, [Job("nextcloud", stamped, BackupJobState.Running)], NotCreated, At("2026-10-25T03:00Z"), MissedAfter);

        Assert.Equal(RunStatus.Running, Assert.Single(Assert.IsType<CycleDecision.Wait>(decision).Awaiting).Status);
    }

    [Fact]
    public void Decide_FallBackRunWithoutJob_IsMissedOnlyAfterTheRepeatsDeadline()
    {
        var window = NightCycle.WindowAt(Clone("00:00", "08:00", "Europe/Berlin"), At("2026-10-25T03:00Z"));
        var expected = NightCycle.ExpectedRuns(window, [new CycleApp("home", "nextcloud", "30 2 * * *", "Europe/Berlin")]);

        var early = NightCycle.Decide(window, expected, [], NotCreated, At("2026-10-25T02:29Z"), MissedAfter);
        var late = NightCycle.Decide(window, expected, [], NotCreated, At("2026-10-25T02:30Z"), MissedAfter);

        Assert.Equal(At("2026-10-25T02:30Z"), Assert.IsType<CycleDecision.Wait>(early).WakeAt);
        Assert.IsType<CycleDecision.CreateClone>(late);
    }

    [Fact]
    public void Decide_NothingScheduled_CreatesTheCloneAtTheStart()
    {
        var before = NightCycle.Decide(May10, [], [], NotCreated, May10.Start.AddTicks(-1), MissedAfter);
        var atStart = NightCycle.Decide(May10, [], [], NotCreated, May10.Start, MissedAfter);

        Assert.IsType<CycleDecision.NotStarted>(before);
        var summary = Assert.IsType<CycleDecision.CreateClone>(atStart).Summary;
        Assert.Equal("no backups scheduled tonight", summary.Reason);
        Assert.Equal(0, summary.Total);
    }
}
