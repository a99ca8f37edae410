using System.Text.Json.Nodes;
using GitOpsBackup.Admission;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;
using GitOpsBackup.Tests.Reconciling;

namespace GitOpsBackup.Tests.Reporting;

/// <summary>
/// The night's events from a sequence of looks at the cluster: each event once, at the time the Job's
/// own status gives (not when a pass happened to look), admissions at the time they were decided.
/// </summary>
public sealed class NightRecorderTests
{
    private static DateTimeOffset At(string hhmmss) => NightHarness.Utc($"2026-12-03T{hhmmss}Z");

    private static PassOutcome Pass(DateTimeOffset decided, params AdmissionAction[] actions) =>
        new() { Kind = PassKind.Applied, Admission = new AdmissionPlan(actions, [], decided) };

    private static PassOutcome Quiet() => new() { Kind = PassKind.NoChange };

    private static JsonObject Backup(string app) => LiveJson.BackupJob(app, app, $"backup-{app}-1", At("02:00:00"), "data");

    private static string Line(NightEvent e) => $"{e.Time:HH:mm:ss} {e.Type} {e.Namespace}/{e.Job} {e.App ?? "-"} {e.Node ?? "-"}";

    [Fact]
    public void ABackupsLife_AdmitStartFinish_EachOnce_AtTheJobsOwnTimes()
    {
        var recorder = new NightRecorder();
        var waiting = Backup("jellyfin");
        var admit = new Admit(JobReader.Read(waiting, null), "node-1", PlacementSource.VolumeAttachment, "pvc data attached (VolumeAttachment)");

        // 02:01 a pass admits it; 02:09 a pass sees it running since 02:01:02; 02:30 one sees it done at 02:11:40; 02:31 nothing new.
        var first = recorder.Observe(new LiveSnapshot { Jobs = [waiting] }, Pass(At("02:01:00"), admit), At("02:01:00"));
        var running = Backup("jellyfin").Pinned("node-1").Started(At("02:01:02"));
        var second = recorder.Observe(new LiveSnapshot { Jobs = [running], Pods = [LiveJson.Pod(running, "node-1")] }, Quiet(), At("02:09:00"));
        var done = Backup("jellyfin").Pinned("node-1").Started(At("02:01:02")).Completed(At("02:11:40"));
        var third = recorder.Observe(new LiveSnapshot { Jobs = [done], Pods = [LiveJson.Pod(done, "node-1", 0)] }, Quiet(), At("02:30:00"));
        var fourth = recorder.Observe(new LiveSnapshot { Jobs = [done], Pods = [LiveJson.Pod(done, "node-1", 0)] }, Quiet(), At("02:31:00"));

        Assert.Equal(["02:01:00 admit jellyfin/backup-jellyfin-1 jellyfin node-1"], first.Select(Line));
        Assert.Equal(["02:01:02 start jellyfin/backup-jellyfin-1 jellyfin node-1"], second.Select(Line));
        Assert.Equal(["02:11:40 finish jellyfin/backup-jellyfin-1 jellyfin node-1"], third.Select(Line));
        Assert.Empty(fourth);
    }

    [Fact]
    public void AJobFirstSeenFinished_GetsStartAndFail_InTimeOrder()
    {
        var recorder = new NightRecorder();
        var failed = Backup("postgres").Pinned("node-2").Started(At("02:00:05")).Failed(At("02:03:30"));
        var partial = Backup("immich").Pinned("node-1").Started(At("02:00:02")).Failed(At("02:20:00"));

        var events = recorder.Observe(
            new LiveSnapshot { Jobs = [failed, partial], Pods = [LiveJson.Pod(failed, "node-2", 1), LiveJson.Pod(partial, "node-1", 3)] },
            Quiet(),
            At("02:45:00"));

        Assert.Equal(
        [
            "02:00:02 start immich/backup-immich-1 immich node-1",
            "02:00:05 start postgres/backup-postgres-1 postgres node-2",
            "02:03:30 fail postgres/backup-postgres-1 postgres node-2",
            "02:20:00 fail immich/backup-immich-1 immich node-1", // partial is not ok: the night's log says fail
        ], events.Select(Line));
    }

    [Fact]
    public void ReplaceAndSkip_AreEventsAtTheDecision_AnUnchangedUnplaceableIsNot()
    {
        var recorder = new NightRecorder();
        var older = JobReader.Read(Backup("git").Pinned("node-1"), null);
        var newer = older with { Name = "backup-git-2", ScheduledAt = At("02:05:00") };
        var split = JobReader.Read(Backup("nextcloud"), null);
        var alreadyMarked = JobReader.Read(Backup("photos").Unplaceable("pvc a on node-1, pvc b on node-2"), null);

        var events = recorder.Observe(
            new LiveSnapshot(),
            Pass(At("02:06:00"), new Replace(older, newer), new Unplaceable(split, "pvc a on node-1, pvc b on node-2"), new Unplaceable(alreadyMarked, "pvc a on node-1, pvc b on node-2")),
            At("02:06:30"));

        Assert.Equal(
        [
            "02:06:00 replace git/backup-git-1 git node-1",
            "02:06:00 skip nextcloud/backup-nextcloud-1 nextcloud -",
        ], events.Select(Line));
    }

    [Fact]
    public void Clone_CreateAtItsCreationTime_FinishAtItsCompletion_EachOnce()
    {
        var recorder = new NightRecorder();
        var night = new DateOnly(2026, 12, 3);
        var running = LiveJson.CloneJob(night, At("03:05:00"));
        var done = LiveJson.CloneJob(night, At("03:05:00")).Completed(At("03:42:10"));

        var seen = recorder.Observe(new LiveSnapshot { Jobs = [running] }, Quiet(), At("03:10:00"));
        var again = recorder.Observe(new LiveSnapshot { Jobs = [running] }, Quiet(), At("03:20:00"));
        var finished = recorder.Observe(new LiveSnapshot { Jobs = [done] }, Quiet(), At("04:00:00"));
        var after = recorder.Observe(new LiveSnapshot { Jobs = [done] }, Quiet(), At("04:01:00"));

        Assert.Equal(["03:05:00 clone-create backup-system/external-clone-20261203 - node-3"], seen.Select(Line));
        Assert.Empty(again);
        Assert.Equal(["03:42:10 clone-finish backup-system/external-clone-20261203 - node-3"], finished.Select(Line));
        Assert.Empty(after);
    }

    [Fact]
    public void AWholeNight_InOrder_AsJsonLines()
    {
        var recorder = new NightRecorder();
        var events = new List<NightEvent>();
        var job = Backup("hass");
        var admit = new Admit(JobReader.Read(job, null), "node-2", PlacementSource.Pod, "pvc data mounted by a running pod");
        events.AddRange(recorder.Observe(new LiveSnapshot { Jobs = [job] }, Pass(At("02:00:30"), admit), At("02:00:30")));
        var done = Backup("hass").Pinned("node-2").Started(At("02:00:31")).Completed(At("02:04:00"));
        var clone = LiveJson.CloneJob(new DateOnly(2026, 12, 3), At("02:05:00"));
        events.AddRange(recorder.Observe(new LiveSnapshot { Jobs = [done, clone], Pods = [LiveJson.Pod(done, "node-2", 0)] }, Quiet(), At("02:05:00")));

        Assert.Equal(["admit", "start", "finish", "clone-create"], events.Select(e => e.Type));
        var line = events[2].ToJsonLine();
        Assert.DoesNotContain('\n', line);
        var finish = JsonNode.Parse(line)!;
        Assert.Equal(
            ("2026-12-03T02:04:00.000+00:00", "finish", "hass", "hass", "node-2", "backup-hass-1"),
            ((string?)finish["time"], (string?)finish["type"], (string?)finish["app"], (string?)finish["namespace"], (string?)finish["node"], (string?)finish["job"]));
    }
}
