using System.Text.Json.Nodes;
using GitOpsBackup.Admission;
using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>A pass derives nothing anew from the same snapshot, and everything anew from a changed one.</summary>
public sealed class PassMemoTests
{
    private static readonly DateTimeOffset Scheduled = NightHarness.Utc("2026-12-03T02:00:00Z");

    [Fact]
    public void SameSnapshot_ReadsTheBackupJobsOnce()
    {
        var jobs = new[] { LiveJson.BackupJob("media", "jellyfin", "backup-jellyfin-1", Scheduled, "data") };
        var live = new LiveSnapshot { Jobs = jobs };
        var memo = new PassMemo();

        var first = memo.BackupJobs(live);
        var again = memo.BackupJobs(live with { Nodes = [] }); // another kind changed: the Jobs and pods are the same lists

        Assert.Same(first, again);
        Assert.Equal("jellyfin", Assert.Single(first).App);
    }

    [Fact]
    public void ChangedJobs_AreReadAgain()
    {
        var job = LiveJson.BackupJob("media", "jellyfin", "backup-jellyfin-1", Scheduled, "data");
        var memo = new PassMemo();
        var before = memo.BackupJobs(new LiveSnapshot { Jobs = [job] });

        var started = job.DeepClone().AsObject().Started(Scheduled.AddSeconds(30));
        var after = memo.BackupJobs(new LiveSnapshot { Jobs = [started] });

        Assert.NotSame(before, after);
        Assert.Equal(BackupJobState.Waiting, Assert.Single(before).State);
        Assert.Equal(BackupJobState.Running, Assert.Single(after).State);
    }

    [Fact]
    public void ChangedPods_AreReadAgain_ForTheNodeAJobRunsOn()
    {
        var job = LiveJson.BackupJob("media", "jellyfin", "backup-jellyfin-1", Scheduled, "data").Started(Scheduled.AddSeconds(30));
        var jobs = new[] { job };
        var memo = new PassMemo();
        var without = memo.BackupJobs(new LiveSnapshot { Jobs = jobs, Pods = Array.Empty<JsonObject>() });

        var with = memo.BackupJobs(new LiveSnapshot { Jobs = jobs, Pods = [LiveJson.Pod(job, "node-7")] });

        Assert.Null(Assert.Single(without).Node);
        Assert.Equal("node-7", Assert.Single(with).Node);
    }
}
