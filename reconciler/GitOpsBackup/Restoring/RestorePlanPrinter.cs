using System.Globalization;
using System.Text;

namespace GitOpsBackup.Restoring;

/// <summary>A restore plan or refusal in words: what <c>restore</c> prints before (or instead of) doing it. Pure, stable text.</summary>
internal static class RestorePlanPrinter
{
    public static string Text(RestorePlan plan, bool applied)
    {
        var text = new StringBuilder();
        var ns = plan.App.Namespace;
        text.Append(CultureInfo.InvariantCulture, $"restore {plan.App} {(plan.Bucket ? "bucket" : "volume")} {plan.Volume}");
        text.Append(applied ? "\n" : "   (dry run: nothing is created; add --apply to run it)\n");
        if (plan.Snapshot is { } snapshot)
        {
            text.Append(CultureInfo.InvariantCulture, $"  snapshot   {snapshot.ShortId}  {RestorePlanner.Time(snapshot.Time)}  ({plan.Choice}; {plan.SnapshotCount} snapshot(s) of this volume)\n");
            text.Append(CultureInfo.InvariantCulture, $"  id         {snapshot.Id}\n");
            text.Append(CultureInfo.InvariantCulture, $"  size       {Size(snapshot)}\n");
        }
        else
        {
            text.Append("  snapshot   none: a bucket's backup is the latest rclone copy, no history\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  from       {plan.Source}\n");
        if (plan.Bucket)
        {
            text.Append(CultureInfo.InvariantCulture, $"  writes to  {(plan.InPlace ? $"the LIVE bucket {plan.Target} (copy over it: objects the backup has are overwritten, others stay)" : $"bucket {plan.Target} (created when missing; must be empty)")}\n");
        }
        else if (plan.InPlace)
        {
            text.Append(CultureInfo.InvariantCulture, $"  writes to  the LIVE PVC {ns}/{plan.Target}: its current content is first moved to .gitops-backup-replaced-{plan.Stamp}/ on the same volume (a rename, no copy; delete it when satisfied)\n");
        }
        else
        {
            var storage = plan.StorageClass is null ? "the default storage class" : $"storage class {plan.StorageClass}";
            text.Append(CultureInfo.InvariantCulture, $"  writes to  new PVC {ns}/{plan.Target} ({plan.TargetSize}, {storage}, ReadWriteOnce); size {plan.SizeSource}\n");
            text.Append(CultureInfo.InvariantCulture, $"             the live PVC {plan.Volume} is not touched\n");
        }

        var placement = plan.Bucket ? "mounts no volume, S3 only"
            : plan.InPlace ? "not pinned: the app is stopped, so the volume attaches where the pod lands"
            : "not pinned: a new PVC binds where the pod lands";
        text.Append(CultureInfo.InvariantCulture, $"  by         Job {ns}/{plan.JobName} (Pod Security restricted; {placement})\n");
        if (!plan.Bucket)
        {
            var uid = plan.RunAsUser.ToString(CultureInfo.InvariantCulture);
            text.Append(plan.RunAsUserFromSpec
                ? $"  as         uid {uid} (spec.podSecurity.runAsUser): restored files belong to it\n"
                : $"  as         uid {uid}: restic restores no owners without root; if the app runs as another uid, set spec.podSecurity.runAsUser to it (or chown after)\n");
        }

        foreach (var workload in plan.ScaleDown)
        {
            text.Append(CultureInfo.InvariantCulture, $"  stops     {workload} (replicas {workload.Replicas} -> 0, back to {workload.Replicas} after the restore)\n");
        }

        if (!applied)
        {
            text.Append("next: run the same command with --apply");
            text.Append(plan.Snapshot is { } chosen && chosen.ShortId.Length > 0 ? $" (add --snapshot {chosen.ShortId} to pin this exact snapshot)\n" : "\n");
        }

        return text.ToString();
    }

    public static string Refusal(RestoreDecision.Refused refused)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"refused: {refused.Reason}\n");
        foreach (var step in refused.Steps)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {step}\n");
        }

        return text.ToString();
    }

    /// <summary>"1.2 GiB, 5,123 files and folders", or what is unknown.</summary>
    public static string Size(ResticSnapshot snapshot) => snapshot.Bytes is { } bytes
        ? snapshot.Files is { } files ? $"{Bytes(bytes)}, {files.ToString("N0", CultureInfo.InvariantCulture)} files and folders" : Bytes(bytes)
        : "unknown (this restic lists no sizes; restic stats was not run)";

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes.ToString(CultureInfo.InvariantCulture)} B" : $"{value.ToString("0.0", CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
