using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>
/// One app at base and at head → what happens to its backups, in the reviewer's terms. Compares the
/// specs merged with the defaults, so a change of BackupDefaults shows on every app it reaches.
/// </summary>
internal static class AppDiffer
{
    public static AppDiff? Compare(AppKey key, RevisionView before, RevisionView after, DiffOptions options)
    {
        var old = before.Apps.GetValueOrDefault(key);
        var now = after.Apps.GetValueOrDefault(key);
        var wasBroken = before.Broken.Contains(key);
        if (after.LeavesAlone(key, old?.App))
        {
            return wasBroken ? null : Broken(key, old, after);
        }

        return (old, now) switch
        {
            (null, { } added) => new AppDiff(key, wasBroken ? AppChange.Fixed : AppChange.Added, Added(added, after, options, wasBroken)),
            ({ } removed, null) => new AppDiff(key, AppChange.Removed, Removed(removed, after)),
            ({ } a, { } b) => Changed(key, a, b, before, after, options) is { Count: > 0 } findings ? new AppDiff(key, AppChange.Changed, findings) : null,
            _ => wasBroken ? new AppDiff(key, AppChange.Removed, [new(DiffSeverity.Info, DiffTopic.App, key, "removed (its spec had errors at base, so nothing was rendered for it)")]) : null,
        };
    }

    private static AppDiff Broken(AppKey key, AppSettings? old, RevisionView after)
    {
        if (old is null)
        {
            return new(key, AppChange.Broken, [new(DiffSeverity.Warning, DiffTopic.Spec, key, "new spec with errors: nothing is rendered for it, so it is not backed up")]);
        }

        var findings = new List<DiffFinding>
        {
            new(DiffSeverity.Warning, DiffTopic.Spec, key, "its spec has errors at head: its CronJob is left as it is in the cluster (not updated, not deleted) until they are fixed"),
        };

        // The clone Job is rendered from the valid specs only: a broken app's bucket drops out of it meanwhile.
        if (after.Clone is not null && !after.ClonedBuckets.Contains(old.App.BackupBucket) && old.App.ExternalClone)
        {
            findings.Add(new(DiffSeverity.Warning, DiffTopic.ExternalClone, key,
                $"meanwhile bucket {old.App.BackupBucket} is not copied onto the external disk (the clone Job copies the buckets of valid specs only)"));
        }

        return new(key, AppChange.Broken, findings);
    }

    private static List<DiffFinding> Added(AppSettings app, RevisionView after, DiffOptions options, bool fixedSpec)
    {
        var key = app.App.Key;
        var what = new List<string>();
        if (app.Claims.Count > 0)
        {
            what.Add(Wording.Claims(app.Claims) + " (restic)");
        }

        if (app.Buckets.Count > 0)
        {
            what.Add(Wording.Buckets(app.Buckets) + " (rclone)");
        }

        var findings = new List<DiffFinding>
        {
            new(DiffSeverity.Info, DiffTopic.App, key,
                (fixedSpec ? "its spec is fixed (it had errors at base): " : "new backup: ") + $"{Wording.List(what)} into bucket {app.App.BackupBucket}"),
            new(DiffSeverity.Info, DiffTopic.Schedule, key, "schedule " + Wording.Schedule(RevisionView.WrittenSchedule(app), app.Schedule, app.TimeZone))
            {
                Details = [NextRuns.Line("next runs", app.Schedule, app.TimeZone, options.Now, options.RunsShown), .. NextRuns.Gaps(app.Schedule, app.TimeZone, options.Now, options.RunsShown)],
            },
            new(DiffSeverity.Info, DiffTopic.Retention, key, "retention " + Wording.Retention(app.Retention)),
        };
        if (app.App.Suspend)
        {
            findings.Add(new(DiffSeverity.Warning, DiffTopic.Suspend, key, "suspended: no backup runs until it is resumed"));
        }

        if (app.App.PodSecurity is { ReadAllFiles: true })
        {
            findings.Add(ReadAllFiles(key));
        }

        if (after.ClonedBuckets.Contains(app.App.BackupBucket))
        {
            findings.Add(new(DiffSeverity.Info, DiffTopic.ExternalClone, key, $"bucket {app.App.BackupBucket} is copied onto the external disk"));
        }

        return findings;
    }

    private static List<DiffFinding> Removed(AppSettings app, RevisionView after)
    {
        var key = app.App.Key;
        var still = after.ClaimsStillDefined(app.App, app.Claims);
        return
        [
            still.Count > 0
                ? new DiffFinding(DiffSeverity.Danger, DiffTopic.App, key,
                    $"loses its backup entirely while its {Wording.Claims(still)} {(still.Count == 1 ? "is" : "are")} still in {Wording.Folder(app.App)}: that data is no longer protected")
                : new DiffFinding(DiffSeverity.Warning, DiffTopic.App, key,
                    $"loses its backup entirely: its CronJob is deleted at the next apply (the snapshots in bucket {app.App.BackupBucket} stay, but are no longer pruned)"),
        ];
    }

    private static List<DiffFinding> Changed(AppKey key, AppSettings a, AppSettings b, RevisionView before, RevisionView after, DiffOptions options)
    {
        var findings = new List<DiffFinding>();
        Volumes(key, a, b, after, findings);
        if (a.App.BackupBucket != b.App.BackupBucket)
        {
            findings.Add(new(DiffSeverity.Warning, DiffTopic.BackupBucket, key,
                $"backup bucket {a.App.BackupBucket} → {b.App.BackupBucket}: snapshots start afresh in {b.App.BackupBucket}; those in {a.App.BackupBucket} stay, but are no longer pruned"));
        }

        Schedule(key, a, b, options, findings);
        if (a.App.Suspend != b.App.Suspend)
        {
            findings.Add(b.App.Suspend
                ? new(DiffSeverity.Warning, DiffTopic.Suspend, key, "suspended: no backup runs until it is resumed")
                : new(DiffSeverity.Info, DiffTopic.Suspend, key, "resumed: backups run again"));
        }

        Retention(key, a, b, findings);
        if (a.Resources != b.Resources)
        {
            findings.Add(new(DiffSeverity.Info, DiffTopic.Resources, key, $"resources {Wording.Resources(a.Resources)} → {Wording.Resources(b.Resources)}"));
        }

        Privileges(key, a.App.PodSecurity, b.App.PodSecurity, findings);
        ExternalClone(key, a, b, before, after, findings);
        return findings;
    }

    private static void Volumes(AppKey key, AppSettings a, AppSettings b, RevisionView after, List<DiffFinding> findings)
    {
        foreach (var claim in a.Claims.Except(b.Claims, StringComparer.Ordinal))
        {
            // The loudest line of all: the PVC (and its data) stays, only the backup goes.
            findings.Add(after.DefinesClaim(b.App, claim)
                ? new(DiffSeverity.Danger, DiffTopic.Volumes, key,
                    $"volume {claim} is no longer backed up, but its PVC is still in {Wording.Folder(b.App)}: its data is no longer protected")
                : new(DiffSeverity.Warning, DiffTopic.Volumes, key,
                    $"volume {claim} is no longer backed up (its PVC is gone from {Wording.Folder(b.App)} too)"));
        }

        foreach (var claim in b.Claims.Except(a.Claims, StringComparer.Ordinal))
        {
            findings.Add(new(DiffSeverity.Info, DiffTopic.Volumes, key, $"volume {claim} is backed up (restic)"));
        }

        foreach (var bucket in a.Buckets.Except(b.Buckets, StringComparer.Ordinal))
        {
            findings.Add(new(DiffSeverity.Warning, DiffTopic.Buckets, key, $"bucket {bucket} is no longer copied into {b.App.BackupBucket}"));
        }

        foreach (var bucket in b.Buckets.Except(a.Buckets, StringComparer.Ordinal))
        {
            findings.Add(new(DiffSeverity.Info, DiffTopic.Buckets, key, $"bucket {bucket} is copied into {b.App.BackupBucket} (rclone)"));
        }
    }

    private static void Schedule(AppKey key, AppSettings a, AppSettings b, DiffOptions options, List<DiffFinding> findings)
    {
        if (a.Schedule == b.Schedule && a.TimeZone == b.TimeZone)
        {
            return;
        }

        findings.Add(new(DiffSeverity.Info, DiffTopic.Schedule, key,
            $"schedule {Wording.Schedule(RevisionView.WrittenSchedule(a), a.Schedule, a.TimeZone)} → {Wording.Schedule(RevisionView.WrittenSchedule(b), b.Schedule, b.TimeZone)}")
        {
            Details =
            [
                NextRuns.Line("next runs before", a.Schedule, a.TimeZone, options.Now, options.RunsShown),
                NextRuns.Line("next runs after", b.Schedule, b.TimeZone, options.Now, options.RunsShown),
                .. NextRuns.Gaps(b.Schedule, b.TimeZone, options.Now, options.RunsShown),
            ],
        });
    }

    private static void Retention(AppKey key, AppSettings a, AppSettings b, List<DiffFinding> findings)
    {
        // restic forget groups by host and tags, and each volume has its own tag: the count is per volume.
        var perVolume = b.Claims.Count > 1 ? " (per volume)" : "";
        foreach (var (period, was, will) in new[]
        {
            ("daily", a.Retention.Daily, b.Retention.Daily),
            ("weekly", a.Retention.Weekly, b.Retention.Weekly),
            ("monthly", a.Retention.Monthly, b.Retention.Monthly),
            ("yearly", a.Retention.Yearly, b.Retention.Yearly),
        })
        {
            if (will < was)
            {
                var lost = was - will;
                findings.Add(new(DiffSeverity.Warning, DiffTopic.Retention, key,
                    $"retention {period} {was} → {will}: up to {Wording.Plural(lost, period + " snapshot")} {(lost == 1 ? "is" : "are")} deleted at the next prune{perVolume}"));
            }
            else if (will > was)
            {
                findings.Add(new(DiffSeverity.Info, DiffTopic.Retention, key, $"retention {period} {was} → {will}: more {period} snapshots are kept"));
            }
        }
    }

    private static void Privileges(AppKey key, PodSecurity? a, PodSecurity? b, List<DiffFinding> findings)
    {
        if (a == b)
        {
            return;
        }

        var wasAll = a?.ReadAllFiles == true;
        var isAll = b?.ReadAllFiles == true;
        if (isAll && !wasAll)
        {
            findings.Add(ReadAllFiles(key));
        }
        else if (b?.RunAsUser == 0 && a?.RunAsUser != 0 && !isAll)
        {
            findings.Add(new(DiffSeverity.Warning, DiffTopic.Privileges, key,
                $"the backup pod runs as root (uid 0), was {Wording.Identity(a)}: widens privileges"));
        }
        else
        {
            findings.Add(new(DiffSeverity.Info, DiffTopic.Privileges, key, $"the backup pod runs as {Wording.Identity(b)}, was {Wording.Identity(a)}"));
        }
    }

    private static DiffFinding ReadAllFiles(AppKey key) => new(DiffSeverity.Warning, DiffTopic.Privileges, key,
        "podSecurity.readAllFiles: the backup pod runs as root with CAP_DAC_READ_SEARCH and can read every file on the app's volumes (widens privileges)");

    private static void ExternalClone(AppKey key, AppSettings a, AppSettings b, RevisionView before, RevisionView after, List<DiffFinding> findings)
    {
        // Only when there is a clone at both revisions: a clone added or removed is reported once, repo-wide.
        if (before.Clone is null || after.Clone is null)
        {
            return;
        }

        var was = before.ClonedBuckets.Contains(a.App.BackupBucket);
        var will = after.ClonedBuckets.Contains(b.App.BackupBucket);
        if (was && !will)
        {
            findings.Add(new(DiffSeverity.Warning, DiffTopic.ExternalClone, key,
                $"leaves the external clone: bucket {b.App.BackupBucket} is no longer copied onto the external disk"));
        }
        else if (!was && will)
        {
            findings.Add(new(DiffSeverity.Info, DiffTopic.ExternalClone, key,
                $"joins the external clone: bucket {b.App.BackupBucket} is copied onto the external disk"));
        }
    }
}
