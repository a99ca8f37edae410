using GitOpsBackup.Admission;
using static GitOpsBackup.Tests.Admission.AdmissionFixtures;

namespace GitOpsBackup.Tests.Admission;

public sealed class AdmitterTests
{
    private static readonly AdmissionOptions One = AdmissionOptions.Default;

    [Fact]
    public void Admit_PinsJobToNodeOfAttachedVolume()
    {
        var facts = Attached(Nodes("node-1", "node-2"), ("nextcloud", "node-2"));

        var plan = Admitter.Decide([WaitingWithData("nextcloud", 0)], facts, One, Night);

        var admit = Single<Admit>(plan, "nextcloud/backup-nextcloud-0");
        Assert.Equal("node-2", admit.Node);
        Assert.Equal(PlacementSource.VolumeAttachment, admit.Source);
        Assert.Equal("pvc nextcloud-data is attached to node-2 (VolumeAttachment)", admit.Reason);
        Assert.Equal(Night, plan.DecidedAt);
    }

    [Fact]
    public void OnlyWaitingJobs_GetActions()
    {
        var finished = Job("c", 0, BackupJobState.Finished, "node-1") with { Outcome = JobOutcome.Ok };
        var jobs = new[] { Running("a", 0, "node-1"), finished, Waiting("b", 0) };

        var plan = Admitter.Decide(jobs, new PlacementFacts { Nodes = Nodes("node-1", "node-2") }, One, Night);

        Assert.Equal(["b/backup-b-0"], plan.Actions.Select(a => a.Job.Key));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    public void TwelveAppsOnThreeNodes_NeverMoreThanTheLimitPerNode(int limit, int alreadyRunning)
    {
        var nodes = new[] { "node-1", "node-2", "node-3" };
        var apps = Enumerable.Range(0, 12).Select(i => (App: $"app{i:00}", Node: nodes[i % 3])).ToList();
        var running = apps.Take(alreadyRunning).Select(a => Running($"{a.App}-old", 0, a.Node));
        var waiting = apps.Select((a, i) => WaitingWithData(a.App, i));
        var facts = Attached(Nodes(nodes), [.. apps]);

        var plan = Admitter.Decide([.. running, .. waiting], facts, new AdmissionOptions { MaxBackupsPerNode = limit }, Night);

        foreach (var node in nodes)
        {
            var load = Assert.Single(plan.Nodes, n => n.Name == node);
            Assert.Equal(limit, load.Running.Count + load.Admitted.Count);
            Assert.Equal(4 - load.Admitted.Count, load.Queued.Count);
        }

        Assert.All(plan.Actions.OfType<Admit>(), a => Assert.Equal(apps.Single(x => x.App == a.Job.App).Node, a.Node));
    }

    [Fact]
    public void Fifo_EarliestScheduledIsAdmittedFirst_WhateverTheInputOrder()
    {
        var facts = Attached(Nodes("node-1"), ("early", "node-1"), ("late", "node-1"), ("later", "node-1"));
        var jobs = new[] { WaitingWithData("later", 20), WaitingWithData("late", 10), WaitingWithData("early", 5) };

        var plan = Admitter.Decide(jobs, facts, One, Night);

        Assert.IsType<Admit>(plan.For("early/backup-early-5"));
        var wait = Single<Wait>(plan, "late/backup-late-10");
        Assert.Equal("node-1", wait.Node);
        Assert.Equal("node-1 runs 1 of 1 allowed backups: early/backup-early-5", wait.Reason);
        Assert.Equal(["early/backup-early-5", "late/backup-late-10", "later/backup-later-20"], plan.Actions.Select(a => a.Job.Key));
        Assert.Equal(["late/backup-late-10", "later/backup-later-20"], Assert.Single(plan.Nodes).Queued);
    }

    [Fact]
    public void Fifo_EqualTimes_AreOrderedByNamespaceThenName()
    {
        var facts = Attached(Nodes("node-1"), ("b", "node-1"), ("a", "node-1"));

        var plan = Admitter.Decide([WaitingWithData("b", 0), WaitingWithData("a", 0)], facts, One, Night);

        Assert.IsType<Admit>(plan.For("a/backup-a-0"));
        Assert.IsType<Wait>(plan.For("b/backup-b-0"));
    }

    [Fact]
    public void Fifo_IsPerNode_AnEarlierJobWaitingForABusyNodeDoesNotBlockAnotherNode()
    {
        var facts = Attached(Nodes("node-1", "node-2"), ("first", "node-1"), ("second", "node-2"), ("third", "node-1"));
        var jobs = new[]
        {
            Running("immich", 0, "node-1"),
            WaitingWithData("first", 1),
            WaitingWithData("second", 2),
            WaitingWithData("third", 3),
        };

        var plan = Admitter.Decide(jobs, facts, One, Night);

        Assert.Equal("node-1 runs 1 of 1 allowed backups: immich/backup-immich-0", Single<Wait>(plan, "first/backup-first-1").Reason);
        Assert.Equal("node-2", Single<Admit>(plan, "second/backup-second-2").Node);
        Assert.IsType<Wait>(plan.For("third/backup-third-3"));
        Assert.Equal(["first/backup-first-1", "third/backup-third-3"], plan.Nodes.Single(n => n.Name == "node-1").Queued);
    }

    [Fact]
    public void RunningJobs_CountAgainstTheirNode_AndTheReasonNamesThem()
    {
        var facts = Attached(Nodes("node-1", "node-2"), ("nextcloud", "node-2"));
        var jobs = new[] { Running("immich", 29012345, "node-2") with { Name = "backup-immich-29012345" }, WaitingWithData("nextcloud", 0) };

        var wait = Single<Wait>(Admitter.Decide(jobs, facts, One, Night), "nextcloud/backup-nextcloud-0");

        Assert.Equal(new Wait(jobs[1], "node-2", "node-2 runs 1 of 1 allowed backups: immich/backup-immich-29012345"), wait);
    }

    [Fact]
    public void WaitReason_ListsOccupantsByKey_SoItReadsTheSameOnceTheAdmittedOnesRun()
    {
        var facts = Attached(Nodes("node-1"), ("a", "node-1"), ("b", "node-1"));
        var jobs = new[] { Running("z", 0, "node-1"), WaitingWithData("a", 1), WaitingWithData("b", 2) };

        var plan = Admitter.Decide(jobs, facts, new AdmissionOptions { MaxBackupsPerNode = 2 }, Night);

        Assert.Equal("node-1 runs 2 of 2 allowed backups: a/backup-a-1, z/backup-z-0", plan.For("b/backup-b-2")!.Reason);
    }

    [Fact]
    public void Replace_OlderWaitingJobsOfAnApp_TheNewestStays()
    {
        var facts = Attached(Nodes("node-1"), ("nextcloud", "node-1"));
        var jobs = new[] { WaitingWithData("nextcloud", 20), WaitingWithData("nextcloud", 0), WaitingWithData("nextcloud", 10) };

        var plan = Admitter.Decide(jobs, facts, One, Night);

        var replaced = plan.Actions.OfType<Replace>().ToList();
        Assert.Equal(["nextcloud/backup-nextcloud-0", "nextcloud/backup-nextcloud-10"], replaced.Select(r => r.Job.Key));
        Assert.All(replaced, r => Assert.Same(jobs[0], r.By));
        Assert.Equal("replaced by the newer nextcloud/backup-nextcloud-20 of the same app", replaced[0].Reason);
        Assert.IsType<Admit>(plan.For("nextcloud/backup-nextcloud-20"));
    }

    [Fact]
    public void Replace_AtEqualScheduledTime_TheGreaterNameIsNewer()
    {
        var manual = Job("nextcloud", 0, name: "backup-nextcloud-manual-x");
        var scheduled = Job("nextcloud", 0, name: "backup-nextcloud-29");

        var plan = Admitter.Decide([manual, scheduled], new PlacementFacts { Nodes = Nodes("node-1") }, One, Night);

        Assert.Same(manual, Single<Replace>(plan, scheduled.Key).By);
        Assert.IsType<Admit>(plan.For(manual.Key));
    }

    [Fact]
    public void RunningRunOfTheSameApp_BlocksANewOne_EvenWithRoomElsewhere()
    {
        var facts = new PlacementFacts { Nodes = Nodes("node-1", "node-2") };
        var jobs = new[] { Running("nextcloud", 29, "node-1") with { Name = "backup-nextcloud-29" }, Waiting("nextcloud", 30) };

        var wait = Single<Wait>(Admitter.Decide(jobs, facts, One, Night), "nextcloud/backup-nextcloud-30");

        Assert.Null(wait.Node);
        Assert.Equal("nextcloud/backup-nextcloud-29 of the same app is running", wait.Reason);
    }

    [Theory]
    [InlineData(null, "the external clone is running")]
    [InlineData("tonight's clone to s3 is running", "tonight's clone to s3 is running")]
    public void Paused_AdmitsNothing_EveryWaitingJobWaits(string? pausedReason, string reason)
    {
        var facts = Attached(Nodes("node-1", "node-2"), ("a", "node-1"));
        var jobs = new[] { WaitingWithData("a", 0), Waiting("b", 1), Waiting("b", 2) };

        var plan = Admitter.Decide(jobs, facts, new AdmissionOptions { Paused = true, PausedReason = pausedReason }, Night);

        Assert.Empty(plan.Actions.OfType<Admit>());
        Assert.Equal([reason, reason], plan.Actions.OfType<Wait>().Select(w => w.Reason));
        Assert.IsType<Replace>(plan.For("b/backup-b-1")); // no pile-up while the clone runs either
    }

    [Fact]
    public void Anywhere_GoesToTheNodeWithFewestRunningPlusAdmitted_ThenByName()
    {
        var facts = new PlacementFacts { Nodes = Nodes("node-c", "node-a", "node-b") };
        var jobs = new[] { Running("busy", 0, "node-a"), Waiting("x", 1), Waiting("y", 2), Waiting("z", 3) };
        var options = new AdmissionOptions { MaxBackupsPerNode = 2 };

        var plan = Admitter.Decide(jobs, facts, options, Night);
        var reversed = Admitter.Decide([.. jobs.Reverse()], facts with { Nodes = [.. facts.Nodes.Reverse()] }, options, Night);

        var admitted = plan.Actions.OfType<Admit>().Select(a => (a.Job.App, a.Node, a.Source)).ToList();
        Assert.Equal(
            [("x", "node-b", PlacementSource.Anywhere), ("y", "node-c", PlacementSource.Anywhere), ("z", "node-a", PlacementSource.Anywhere)],
            admitted);
        Assert.Equal(admitted, reversed.Actions.OfType<Admit>().Select(a => (a.Job.App, a.Node, a.Source)));
        Assert.Equal("it mounts no volumes; node-b is the least busy node", plan.For("x/backup-x-1")!.Reason);
    }

    [Fact]
    public void Anywhere_CountsJobsAdmittedNowLikeRunningOnes()
    {
        // node-a: 0 running, 2 admitted now (full); node-b: 1 running (room for one more).
        var facts = Attached(Nodes("node-a", "node-b"), ("p", "node-a"), ("q", "node-a"));
        var jobs = new[] { Running("busy", 0, "node-b"), WaitingWithData("p", 1), WaitingWithData("q", 2), Waiting("free", 3) };

        var plan = Admitter.Decide(jobs, facts, new AdmissionOptions { MaxBackupsPerNode = 2 }, Night);

        Assert.Equal("node-b", Single<Admit>(plan, "free/backup-free-3").Node);
    }

    [Fact]
    public void Anywhere_NeverPicksANodeThatIsNotReadyOrCordoned()
    {
        var facts = new PlacementFacts { Nodes = [new NodeFact("node-a", Ready: false), new NodeFact("node-b", true, Unschedulable: true), new NodeFact("node-c", true)] };

        var plan = Admitter.Decide([Waiting("x", 0)], facts, One, Night);

        Assert.Equal("node-c", Single<Admit>(plan, "x/backup-x-0").Node);
    }

    [Fact]
    public void Anywhere_WaitsOnTheLeastBusyNode_WhenEveryNodeIsFull()
    {
        var facts = new PlacementFacts { Nodes = Nodes("node-1", "node-2") };
        var jobs = new[] { Running("a", 0, "node-1"), Running("b", 0, "node-2"), Waiting("x", 1) };

        var wait = Single<Wait>(Admitter.Decide(jobs, facts, One, Night), "x/backup-x-1");

        Assert.Equal("node-1", wait.Node);
        Assert.Equal("node-1 runs 1 of 1 allowed backups: a/backup-a-0 (the least busy node; it mounts no volumes)", wait.Reason);
    }

    [Fact]
    public void Anywhere_WaitsForAnyNode_WhenNoneIsReady()
    {
        var facts = new PlacementFacts { Nodes = [new NodeFact("node-1", Ready: false)] };

        var wait = Single<Wait>(Admitter.Decide([Waiting("x", 0)], facts, One, Night), "x/backup-x-0");

        Assert.Equal(new Wait(wait.Job, null, "no node is Ready and schedulable (it mounts no volumes)"), wait);
    }

    [Fact]
    public void NotReadyNode_Waits_AndDoesNotTakeItsSlot()
    {
        var facts = Attached([new NodeFact("node-1", Ready: false)], ("a", "node-1"));

        var plan = Admitter.Decide([WaitingWithData("a", 0)], facts, One, Night);

        var wait = Single<Wait>(plan, "a/backup-a-0");
        Assert.Equal("node-1", wait.Node);
        Assert.Equal("node-1 is not Ready; pvc a-data is attached to node-1 (VolumeAttachment)", wait.Reason);
        Assert.Equal(new[] { "a/backup-a-0" }, Assert.Single(plan.Nodes).Queued);
    }

    [Fact]
    public void UnknownNode_IsUnplaceable()
    {
        var facts = Attached(Nodes("node-1"), ("a", "gone"));

        var plan = Admitter.Decide([WaitingWithData("a", 0)], facts, One, Night);

        Assert.Equal("pvc a-data is attached to gone (VolumeAttachment), but the cluster has no node gone", Single<Unplaceable>(plan, "a/backup-a-0").Reason);
    }

    [Fact]
    public void UnplaceableJob_IsReEvaluated_AndAdmittedOnceItsVolumeMoved()
    {
        var facts = Attached(Nodes("node-1"), ("a", "node-1"));
        var job = WaitingWithData("a", 0) with { Outcome = JobOutcome.Unplaceable, WaitReason = "volumes on different nodes: …" };

        var plan = Admitter.Decide([job], facts, One, Night);

        Assert.Equal("node-1", Single<Admit>(plan, job.Key).Node);
    }

    [Fact]
    public void UnplaceableJob_ThatMustNowWait_IsAChange_SoTheOutcomeIsCleared()
    {
        var facts = Attached(Nodes("node-1"), ("a", "node-1"));
        var reason = "node-1 runs 1 of 1 allowed backups: b/backup-b-0";
        var job = WaitingWithData("a", 1) with { Outcome = JobOutcome.Unplaceable, Node = "node-1", WaitReason = reason };

        var wait = Single<Wait>(Admitter.Decide([Running("b", 0, "node-1"), job], facts, One, Night), job.Key);

        Assert.Equal(reason, wait.Reason);
        Assert.False(wait.IsNoOp);
    }

    [Theory]
    [InlineData("node-1", "node-1 runs 1 of 1 allowed backups: b/backup-b-0", true)]
    [InlineData(null, "node-1 runs 1 of 1 allowed backups: b/backup-b-0", false)]
    [InlineData("node-1", "node-1 runs 1 of 1 allowed backups: c/backup-c-0", false)]
    [InlineData("node-1", null, false)]
    public void Wait_IsNoOp_OnlyWhenNodeAndReasonAreUnchanged(string? recordedNode, string? recordedReason, bool noOp)
    {
        var facts = Attached(Nodes("node-1"), ("a", "node-1"));
        var job = WaitingWithData("a", 1) with { Node = recordedNode, WaitReason = recordedReason };

        var plan = Admitter.Decide([Running("b", 0, "node-1"), job], facts, One, Night);

        Assert.Equal(noOp, Single<Wait>(plan, job.Key).IsNoOp);
        Assert.Equal(!noOp, plan.HasChanges);
    }

    [Theory]
    [InlineData(JobOutcome.Unplaceable, "pvc a-data is attached to gone (VolumeAttachment), but the cluster has no node gone", true)]
    [InlineData(JobOutcome.Unplaceable, "volumes on different nodes: old", false)]
    [InlineData(null, "pvc a-data is attached to gone (VolumeAttachment), but the cluster has no node gone", false)]
    public void Unplaceable_IsNoOp_OnlyWhenAlreadyMarkedWithTheSameReason(JobOutcome? outcome, string recordedReason, bool noOp)
    {
        var facts = Attached(Nodes("node-1"), ("a", "gone"));
        var job = WaitingWithData("a", 0) with { Outcome = outcome, WaitReason = recordedReason };

        var plan = Admitter.Decide([job], facts, One, Night);

        Assert.Equal(noOp, Single<Unplaceable>(plan, job.Key).IsNoOp);
        Assert.Equal(noOp ? Array.Empty<string>() : [job.Key], plan.Changes.Select(c => c.Job.Key));
    }

    [Fact]
    public void Decide_TwiceOnTheSameInput_GivesTheSamePlan()
    {
        var facts = Attached(Nodes("node-1", "node-2"), ("a", "node-1"), ("b", "node-1"));
        var jobs = new[] { WaitingWithData("a", 0), WaitingWithData("b", 0), Waiting("c", 0), Running("d", 0, "node-2") };

        var first = Admitter.Decide(jobs, facts, One, Night);
        var second = Admitter.Decide(jobs, facts, One, Night);

        Assert.Equal(first.Actions, second.Actions);
        Assert.Equal(first.Nodes.Select(Render), second.Nodes.Select(Render));
    }

    [Fact]
    public void Nodes_SummarisesRunningAdmittedAndQueued_IncludingNodesOnlyABackupNames()
    {
        var facts = Attached(Nodes("node-1", "node-2"), ("a", "node-1"), ("b", "node-1"));
        var jobs = new[] { WaitingWithData("a", 1), WaitingWithData("b", 2), Running("c", 0, "old-node") };

        var plan = Admitter.Decide(jobs, facts, One, Night);

        Assert.Equal(
            ["node-1 running=[] admitted=[a/backup-a-1] queued=[b/backup-b-2]", "node-2 running=[] admitted=[] queued=[]", "old-node running=[c/backup-c-0] admitted=[] queued=[]"],
            plan.Nodes.Select(Render));
    }

    [Fact]
    public void Decide_RejectsALimitBelowOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Admitter.Decide([], PlacementFacts.Empty, new AdmissionOptions { MaxBackupsPerNode = 0 }, Night));

    private static string Render(NodeLoad n) =>
        $"{n.Name} running=[{string.Join(",", n.Running)}] admitted=[{string.Join(",", n.Admitted)}] queued=[{string.Join(",", n.Queued)}]";
}
