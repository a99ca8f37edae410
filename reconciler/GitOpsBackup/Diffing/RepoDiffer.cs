using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>
/// The repo-wide specs at base and head → findings: the external clone (added, removed, broken, its
/// mode and privileges, which buckets it copies) and the BackupDefaults fields that are not already
/// reported per app through the merged settings (endpoint, Secrets, images, per-node limit).
/// </summary>
internal static class RepoDiffer
{
    public static List<DiffFinding> Compare(RevisionView before, RevisionView after)
    {
        var findings = new List<DiffFinding>();
        Clone(before, after, findings);
        Defaults(before.State.Specs.Defaults, after.State.Specs.Defaults, findings);
        return findings;
    }

    private static void Clone(RevisionView before, RevisionView after, List<DiffFinding> findings)
    {
        var (a, b) = (before.Clone, after.Clone);
        if (a is null && b is null)
        {
            return;
        }

        if (b is null)
        {
            findings.Add(after.CloneBroken(a)
                ? Finding(DiffSeverity.Warning, "the ExternalClone has errors at head: no copy is made onto the external disk until they are fixed")
                : Finding(DiffSeverity.Warning, "the external clone is removed: the backup buckets are no longer copied onto the external disk"));
            return;
        }

        if (a is null)
        {
            findings.Add(Finding(DiffSeverity.Info, $"an external clone is added: {Wording.Plural(after.ClonedBuckets.Count, "bucket")} copied onto the disk on {b.NodeName}, {Mode(b)}"));
            if (b.Mode == CloneMode.Device)
            {
                findings.Add(Privileged(b, "the clone Job runs privileged"));
            }

            return;
        }

        if (a.Mode != b.Mode)
        {
            findings.Add(b.Mode == CloneMode.Device
                ? Privileged(b, "the external clone switches to device mode: the clone Job runs privileged")
                : Finding(DiffSeverity.Info, $"the external clone switches to volume mode (claim {b.ClaimName}): the clone Job runs unprivileged"));
        }
        else if (b.Mode == CloneMode.Device && a.DevicePath != b.DevicePath)
        {
            findings.Add(Finding(DiffSeverity.Warning, $"the external clone's device {a.DevicePath} → {b.DevicePath}: a privileged Job mounts the new device"));
        }
        else if (b.Mode == CloneMode.Volume && a.ClaimName != b.ClaimName)
        {
            findings.Add(Finding(DiffSeverity.Info, $"the external clone's claim {a.ClaimName} → {b.ClaimName}"));
        }

        if (a.NodeName != b.NodeName)
        {
            findings.Add(Finding(DiffSeverity.Info, $"the external clone runs on {b.NodeName} (was {a.NodeName})"));
        }

        if (b.Sync && !a.Sync)
        {
            findings.Add(Finding(DiffSeverity.Warning, $"the external clone syncs instead of copying: deletions in the buckets are mirrored onto the disk (at most {b.MaxDelete} per run)"));
        }
        else if (a.Sync && !b.Sync)
        {
            findings.Add(Finding(DiffSeverity.Info, "the external clone copies instead of syncing: nothing is deleted on the disk any more"));
        }

        if ((a.CycleStart, a.LatestStart, a.TimeZone) != (b.CycleStart, b.LatestStart, b.TimeZone))
        {
            findings.Add(Finding(DiffSeverity.Info, $"the night's cycle {a.CycleStart}–{a.LatestStart} ({a.TimeZone}) → {b.CycleStart}–{b.LatestStart} ({b.TimeZone})"));
        }

        // An app's bucket joining or leaving is reported on the app; here only the extra buckets.
        var appBuckets = before.Apps.Values.Concat(after.Apps.Values).Select(s => s.App.BackupBucket).ToHashSet(StringComparer.Ordinal);
        var left = before.ClonedBuckets.Except(after.ClonedBuckets).Where(x => !appBuckets.Contains(x)).Order(StringComparer.Ordinal).ToList();
        var joined = after.ClonedBuckets.Except(before.ClonedBuckets).Where(x => !appBuckets.Contains(x)).Order(StringComparer.Ordinal).ToList();
        if (left.Count > 0)
        {
            findings.Add(Finding(DiffSeverity.Warning, $"extra {Wording.Buckets(left)} {(left.Count == 1 ? "is" : "are")} no longer copied onto the external disk"));
        }

        if (joined.Count > 0)
        {
            findings.Add(Finding(DiffSeverity.Info, $"extra {Wording.Buckets(joined)} {(joined.Count == 1 ? "is" : "are")} copied onto the external disk"));
        }
    }

    private static string Mode(ExternalClone clone) =>
        clone.Mode == CloneMode.Device ? $"device mode ({clone.DevicePath})" : $"volume mode (claim {clone.ClaimName})";

    private static DiffFinding Privileged(ExternalClone clone, string what) => Finding(DiffSeverity.Warning,
        $"{what} and mounts {clone.DevicePath} on {clone.NodeName} for each run (widens privileges)");

    private static void Defaults(BackupDefaults? a, BackupDefaults? b, List<DiffFinding> findings)
    {
        if (a is null || b is null)
        {
            if (a is not null)
            {
                findings.Add(new(DiffSeverity.Warning, DiffTopic.Defaults, null, "BackupDefaults is gone or broken at head: no backup CronJob can be rendered"));
            }

            return;
        }

        void Field(string name, string? was, string? will, DiffSeverity severity = DiffSeverity.Info)
        {
            if (was != will)
            {
                findings.Add(new(severity, DiffTopic.Defaults, null, $"BackupDefaults {name} {was ?? "(none)"} → {will ?? "(none)"}"));
            }
        }

        Field("S3 endpoint", a.S3Endpoint, b.S3Endpoint);
        Field("S3 region", a.S3Region, b.S3Region);
        Field("S3 credentials Secret", a.S3Credentials.SecretName, b.S3Credentials.SecretName);
        Field("restic password Secret", $"{a.ResticPassword.SecretName}/{a.ResticPassword.Key}", $"{b.ResticPassword.SecretName}/{b.ResticPassword.Key}");
        Field("S3 CA bundle", a.S3CaBundle is { } ca ? $"{ca.SecretName}/{ca.Key}" : null, b.S3CaBundle is { } cb ? $"{cb.SecretName}/{cb.Key}" : null);
        Field("backup image", a.BackupImage, b.BackupImage);
        Field("clone image", a.CloneImage, b.CloneImage);
        Field("maxBackupsPerNode", $"{a.MaxBackupsPerNode}", $"{b.MaxBackupsPerNode}");
    }

    private static DiffFinding Finding(DiffSeverity severity, string text) => new(severity, DiffTopic.ExternalClone, null, text);
}
