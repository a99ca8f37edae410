using GitOpsBackup.Diffing;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Diffing;

/// <summary>Each kind of change a pull request can make, committed for real, and every line the report gives for it.</summary>
public sealed class StateDifferTests
{
    private static readonly AppKey App = new("apps", "app");
    private static readonly AppKey Other = new("other", "other");

    private static string AppWith(string body) => SpecTexts.App(body);

    private static string[] Lines(AppDiff app) =>
        app.Findings.SelectMany(f => new[] { $"{DiffWords.Severity(f.Severity)}: {f.Text}" }.Concat(f.Details.Select(d => "  " + d))).ToArray();

    [Fact]
    public void NoSpecChange_ReportsNothing()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { ["README.md"] = "config repo, reworded\n" });

        Assert.False(report.HasChanges);
        Assert.True(report.HeadValid);
        Assert.Empty(report.Warnings);
        Assert.Equal("no change to the backups", DiffWords.Summary(report));
    }

    [Fact]
    public void AddApp_IsAdded_WithWhatWhenAndHowLong()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new()
        {
            ["apps/new/pvc.yaml"] = DiffRepo.Pvcs("db"),
            ["apps/new/backup.yaml"] = SpecTexts.App("  backupBucket: new-backup\n  schedule: \"15 4 * * *\"\n  volumes:\n    - name: db\n    - name: new-photos\n      external: true\n", name: "new", ns: "new"),
        });

        var app = Assert.Single(report.Apps);
        Assert.Equal((new AppKey("new", "new"), AppChange.Added), (app.App, app.Change));
        Assert.Equal(
            [
                "info: new backup: PVC db (restic) and bucket new-photos (rclone) into bucket new-backup",
                "info: schedule 15 4 * * * (UTC)",
                "  next runs: Sat 2026-03-28 04:15 +00:00, Sun 2026-03-29 04:15 +00:00, Mon 2026-03-30 04:15 +00:00",
                "info: retention daily 7, weekly 6, monthly 6, yearly 1",
                "info: bucket new-backup is copied onto the external disk",
            ],
            Lines(app));
        Assert.Empty(report.Warnings);
        Assert.Equal(["CronJob new/backup-new added", "Job backup-system/external-clone changed"], report.Objects.Select(o => $"{o} {DiffWords.Change(o.Change)}"));
        Assert.StartsWith("--- /dev/null\n+++ b/new/CronJob-backup-new.yaml\n", report.Objects[0].UnifiedDiff, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoveAppWithItsManifests_WarnsItLosesItsBackup()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.OtherBackup] = null, ["apps/other/pvc.yaml"] = null });

        var app = Assert.Single(report.Apps);
        Assert.Equal((Other, AppChange.Removed), (app.App, app.Change));
        Assert.Equal(["warning: loses its backup entirely: its CronJob is deleted at the next apply (the snapshots in bucket other-backup stay, but are no longer pruned)"], Lines(app));
        Assert.Contains(report.Objects, o => o.Name == "backup-other" && o.Change == ObjectChange.Removed);
    }

    [Fact]
    public void RemoveOnlyTheBackupSpec_WhilePvcStays_IsTheLoudestWarning()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.OtherBackup] = null });

        var app = Assert.Single(report.Apps);
        Assert.Equal(AppChange.Removed, app.Change);
        Assert.Equal(["danger: loses its backup entirely while its PVC data is still in apps/other/: that data is no longer protected"], Lines(app));
        Assert.Equal(DiffSeverity.Danger, report.Warnings[0].Severity);
    }

    [Fact]
    public void DropVolume_WhilePvcStays_IsDanger_AndListedFirst()
    {
        using var repo = new DiffRepo();

        // Also shrink retention: the danger must still come before the warning.
        var report = repo.DiffWith(new()
        {
            [DiffRepo.AppBackup] = AppWith("""
                  backupBucket: app-backup
                  schedule: "0 1 * * *"
                  timeZone: Europe/Berlin
                  volumes:
                    - name: data
                  retention: {daily: 7, weekly: 6, monthly: 6, yearly: 0}
                """),
        });

        var app = Assert.Single(report.Apps);
        Assert.Equal(
            [
                "danger: volume media is no longer backed up, but its PVC is still in apps/app/: its data is no longer protected",
                "warning: retention yearly 1 → 0: up to 1 yearly snapshot is deleted at the next prune",
            ],
            Lines(app));
        Assert.Equal([DiffSeverity.Danger, DiffSeverity.Warning], report.Warnings.Select(w => w.Severity));
    }

    [Fact]
    public void DropVolume_AndItsPvc_IsAPlainWarning()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new()
        {
            ["apps/app/pvc.yaml"] = DiffRepo.Pvcs("data"),
            [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody.Replace("    - name: media\n", "", StringComparison.Ordinal)),
        });

        Assert.Equal(["warning: volume media is no longer backed up (its PVC is gone from apps/app/ too)"], Lines(Assert.Single(report.Apps)));
    }

    [Fact]
    public void ScheduleChange_AcrossDst_ShowsNextRunsInTheSpecsZone_AndTheSkippedNight()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody.Replace("0 1 * * *", "30 2 * * *", StringComparison.Ordinal)) });

        var app = Assert.Single(report.Apps);
        Assert.Equal((App, AppChange.Changed), (app.App, app.Change));
        Assert.Equal(
            [
                "info: schedule 0 1 * * * (Europe/Berlin) → 30 2 * * * (Europe/Berlin)",
                "  next runs before: Sat 2026-03-28 01:00 +01:00, Sun 2026-03-29 01:00 +01:00, Mon 2026-03-30 01:00 +02:00",
                "  next runs after: Sat 2026-03-28 02:30 +01:00, Mon 2026-03-30 02:30 +02:00, Tue 2026-03-31 02:30 +02:00",
                "  no run at Sun 2026-03-29 02:30: that time does not exist in Europe/Berlin (the clocks spring forward)",
            ],
            Lines(app));
        Assert.Empty(report.Warnings);
        var cronJob = Assert.Single(report.Objects);
        Assert.Contains("-  schedule: 0 1 * * *\n+  schedule: 30 2 * * *\n", cronJob.UnifiedDiff, StringComparison.Ordinal);
        Assert.DoesNotContain("backup.homelab.dev/revision", cronJob.UnifiedDiff, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeZoneChange_IsAScheduleChange()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody.Replace("Europe/Berlin", "America/New_York", StringComparison.Ordinal)) });

        Assert.Equal(
            [
                "info: schedule 0 1 * * * (Europe/Berlin) → 0 1 * * * (America/New_York)",
                "  next runs before: Sat 2026-03-28 01:00 +01:00, Sun 2026-03-29 01:00 +01:00, Mon 2026-03-30 01:00 +02:00",
                "  next runs after: Sat 2026-03-28 01:00 -04:00, Sun 2026-03-29 01:00 -04:00, Mon 2026-03-30 01:00 -04:00",
            ],
            Lines(Assert.Single(report.Apps)));
    }

    [Fact]
    public void ShrinkRetention_WarnsHowManySnapshotsThePruneDeletes()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.OtherBackup] = SpecTexts.App(DiffRepo.OtherBody + "  retention: {daily: 14, weekly: 2, monthly: 6, yearly: 1}\n", name: "other", ns: "other") });

        var app = Assert.Single(report.Apps);
        Assert.Equal(
            [
                "info: retention daily 7 → 14: more daily snapshots are kept",
                "warning: retention weekly 6 → 2: up to 4 weekly snapshots are deleted at the next prune",
            ],
            Lines(app));
        Assert.Equal("retention weekly 6 → 2: up to 4 weekly snapshots are deleted at the next prune", Assert.Single(report.Warnings).Text);
    }

    [Fact]
    public void ShrinkRetention_OfAnAppWithTwoVolumes_CountsPerVolume()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody + "  retention: {daily: 7, weekly: 6, monthly: 3, yearly: 1}\n") });

        Assert.Equal(["warning: retention monthly 6 → 3: up to 3 monthly snapshots are deleted at the next prune (per volume)"], Lines(Assert.Single(report.Apps)));
    }

    [Fact]
    public void AddBucket_IsCopiedWithRclone()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody + "    - name: app-photos\n      external: true\n") });

        Assert.Equal(["info: bucket app-photos is copied into app-backup (rclone)"], Lines(Assert.Single(report.Apps)));
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void RemoveBucket_Warns()
    {
        using var repo = new DiffRepo();
        var withBucket = repo.Head(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody + "    - name: app-photos\n      external: true\n") });
        var without = repo.Git.Commit(new Dictionary<string, string?> { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody) }, "drop bucket", "pr");

        var report = repo.Diff(withBucket, without);

        Assert.Equal(["warning: bucket app-photos is no longer copied into app-backup"], Lines(Assert.Single(report.Apps)));
    }

    [Fact]
    public void CloneToDeviceMode_WarnsOfWiderPrivileges()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.CloneFile] = DiffRepo.DeviceClone });

        Assert.Empty(report.Apps);
        var finding = Assert.Single(report.Repository);
        Assert.Equal((DiffSeverity.Warning, DiffTopic.ExternalClone), (finding.Severity, finding.Topic));
        Assert.Equal("the external clone switches to device mode: the clone Job runs privileged and mounts /dev/sdb1 on node-3 for each run (widens privileges)", finding.Text);
        var job = Assert.Single(report.Objects);
        Assert.Equal("Job backup-system/external-clone", job.ToString());
        Assert.Contains("+          privileged: true\n", job.UnifiedDiff, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAllFiles_WarnsOfWiderPrivileges()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody + "  podSecurity:\n    readAllFiles: true\n") });

        Assert.Equal(
            ["warning: podSecurity.readAllFiles: the backup pod runs as root with CAP_DAC_READ_SEARCH and can read every file on the app's volumes (widens privileges)"],
            Lines(Assert.Single(report.Apps)));
    }

    [Fact]
    public void AppLeavesAndJoinsTheExternalClone()
    {
        using var repo = new DiffRepo();
        var left = repo.Head(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody + "  externalClone: false\n") });

        var leaving = repo.Diff(repo.Base, left);
        var joining = repo.Diff(left, repo.Base);

        Assert.Equal(["warning: leaves the external clone: bucket app-backup is no longer copied onto the external disk"], Lines(Assert.Single(leaving.Apps)));
        Assert.Equal(["info: joins the external clone: bucket app-backup is copied onto the external disk"], Lines(Assert.Single(joining.Apps)));
    }

    [Fact]
    public void RemoveExternalClone_Warns()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.CloneFile] = null });

        Assert.Equal("warning: the external clone is removed: the backup buckets are no longer copied onto the external disk",
            $"{DiffWords.Severity(Assert.Single(report.Repository).Severity)}: {report.Repository[0].Text}");
        Assert.Equal(ObjectChange.Removed, Assert.Single(report.Objects).Change);
    }

    [Fact]
    public void BrokenSpec_ReportsHeadErrors_AndLeavesTheAppsObjectsAlone()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody.Replace("app-backup", "ab", StringComparison.Ordinal)) });

        Assert.False(report.HeadValid);
        var error = Assert.Single(report.HeadErrors);
        Assert.Equal("apps/app/backup.yaml:9:17: error: spec.backupBucket: bucket name 'ab' must be 3 to 63 characters long (it has 2)", error.ToString()[..error.ToString().IndexOf(" (hint", StringComparison.Ordinal)]);
        var app = Assert.Single(report.Apps);
        Assert.Equal((App, AppChange.Broken), (app.App, app.Change));
        Assert.Equal(
            [
                "warning: its spec has errors at head: its CronJob is left as it is in the cluster (not updated, not deleted) until they are fixed",
                "warning: meanwhile bucket app-backup is not copied onto the external disk (the clone Job copies the buckets of valid specs only)",
            ],
            Lines(app));

        // The CronJob is neither changed nor deleted by apply: only the clone Job (without the app's bucket) differs.
        Assert.Equal("Job backup-system/external-clone", Assert.Single(report.Objects).ToString());
    }

    [Fact]
    public void YamlSyntaxError_HidingTheAppsName_IsBroken_NotRemoved()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.OtherBackup] = "apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\nmetadata: [unclosed\n" });

        Assert.False(report.HeadValid);
        var app = Assert.Single(report.Apps);
        Assert.Equal((Other, AppChange.Broken), (app.App, app.Change));
        Assert.DoesNotContain(report.Objects, o => o.Name == "backup-other");
    }

    [Fact]
    public void FixedSpec_IsRenderedAgain()
    {
        using var repo = new DiffRepo();
        var broken = repo.Head(new() { [DiffRepo.AppBackup] = AppWith(DiffRepo.AppBody.Replace("app-backup", "ab", StringComparison.Ordinal)) });

        var report = repo.Diff(broken, repo.Base);

        var app = Assert.Single(report.Apps);
        Assert.Equal(AppChange.Fixed, app.Change);
        Assert.Equal("info: its spec is fixed (it had errors at base): PVCs data and media (restic) into bucket app-backup", Lines(app)[0]);
        Assert.True(report.HeadValid);
    }

    [Fact]
    public void DefaultsChange_ReachesEveryAppThroughTheMergedSettings()
    {
        using var repo = new DiffRepo();

        // The default schedule is "H 2 * * *": only the app without its own schedule follows the new default.
        var report = repo.DiffWith(new() { ["infrastructure/defaults.yaml"] = SpecTexts.Defaults.Replace("  images:", "  schedule: \"@daily\"\n  images:", StringComparison.Ordinal) });

        var app = Assert.Single(report.Apps);
        Assert.Equal(Other, app.App);
        Assert.Matches(@"^info: schedule H 2 \* \* \* \(= \d+ 2 \* \* \*\) \(UTC\) → @daily \(UTC\)$", Lines(app)[0]);
    }

    [Fact]
    public void SuspendAndResources_AreReported()
    {
        using var repo = new DiffRepo();

        var report = repo.DiffWith(new() { [DiffRepo.OtherBackup] = SpecTexts.App(DiffRepo.OtherBody + "  suspend: true\n  resources:\n    requests: {cpu: 100m, memory: 256Mi}\n", name: "other", ns: "other") });

        Assert.Equal(
            [
                "warning: suspended: no backup runs until it is resumed",
                "info: resources requests cpu 50m memory 128Mi, limits memory 1Gi → requests cpu 100m memory 256Mi, limits none",
            ],
            Lines(Assert.Single(report.Apps)));
    }
}
