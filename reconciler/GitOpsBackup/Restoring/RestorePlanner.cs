using System.Globalization;
using GitOpsBackup.Rendering;

namespace GitOpsBackup.Restoring;

/// <summary>
/// (the app's settings, the request, the repository's snapshots, the live volume facts, the clock)
/// → a restore plan or a refusal. Pure. The rules that keep k8up #1062 (the wrong snapshot into the
/// wrong volume) away: a named volume when there is a choice, a new PVC by default, never over a
/// volume a pod mounts, never over the live bucket without --in-place.
/// </summary>
internal static class RestorePlanner
{
    /// <summary>A PVC sized from the snapshot gets this much room on top.</summary>
    public const double SizeHeadroom = 1.25;

    public static RestoreDecision Decide(AppSettings app, RestoreRequest request, IReadOnlyList<ResticSnapshot> snapshots, VolumeFacts facts, DateTimeOffset now)
    {
        var key = app.App.Key;
        var volumes = app.Claims.Concat(app.Buckets).ToList();
        string volume;
        if (request.Volume is { } asked)
        {
            if (!volumes.Contains(asked, StringComparer.Ordinal))
            {
                return Refuse($"{key} has no volume '{asked}'", $"give --volume one of: {string.Join(", ", volumes)}");
            }

            volume = asked;
        }
        else if (volumes.Count == 1)
        {
            volume = volumes[0];
        }
        else
        {
            return Refuse($"{key} has {volumes.Count} volumes; say which one to restore", $"give --volume one of: {string.Join(", ", volumes)}");
        }

        if (request.InPlace && (request.ToPvc is not null || request.ToBucket is not null))
        {
            return Refuse("--in-place writes over the live volume; --to-pvc/--to-bucket name a new one", "give one of them");
        }

        if (request.SnapshotId is not null && request.AsOf is not null)
        {
            return Refuse("--snapshot and --as-of both choose the snapshot", "give one of them");
        }

        if (request.ScaleDown && !request.InPlace)
        {
            return Refuse("--scale-down only matters with --in-place: a restore into a new PVC leaves the app running", "drop --scale-down, or add --in-place");
        }

        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var jobName = ObjectNames.Fit($"restore-{app.App.Name}-{stamp}", ObjectNames.LabelLimit);
        return app.Buckets.Contains(volume, StringComparer.Ordinal)
            ? Bucket(app, request, volume, stamp, jobName)
            : Claim(app, request, volume, snapshots, facts, now, stamp, jobName);
    }

    private static RestoreDecision Bucket(AppSettings app, RestoreRequest request, string bucket, string stamp, string jobName)
    {
        if (request.SnapshotId is not null || request.AsOf is not null)
        {
            return Refuse($"bucket {bucket} is backed up as a copy (rclone), not as restic snapshots: there is only the latest copy",
                "drop --snapshot/--as-of");
        }

        if (request.ToPvc is not null)
        {
            return Refuse($"{bucket} is an S3 bucket; it is restored into a bucket", "give --to-bucket NAME instead of --to-pvc");
        }

        if (!request.InPlace && request.ToBucket is null)
        {
            return Refuse($"say which bucket to restore {bucket} into", $"give --to-bucket NAME (a new bucket, e.g. {bucket}-restore), or --in-place to copy over the live bucket");
        }

        if (!request.InPlace && request.ToBucket == bucket)
        {
            return Refuse($"--to-bucket {bucket} is the live bucket", "name a new bucket, or say --in-place if you mean to copy over the live one");
        }

        if (request.ToBucket is { } target && Specs.Checks.BucketNames.Error(target) is { } error)
        {
            return Refuse($"--to-bucket {target}: {error}", "S3 bucket names: 3-63 characters of lowercase letters, digits, '.' and '-'");
        }

        return new RestoreDecision.Planned(new RestorePlan
        {
            App = app.App.Key,
            Volume = bucket,
            Bucket = true,
            Source = $"s3:{app.App.BackupBucket}/buckets/{bucket}",
            Target = request.InPlace ? bucket : request.ToBucket!,
            NewTarget = !request.InPlace,
            InPlace = request.InPlace,
            JobName = jobName,
            Stamp = stamp,
        });
    }

    private static RestoreDecision Claim(AppSettings app, RestoreRequest request, string claim, IReadOnlyList<ResticSnapshot> all, VolumeFacts facts, DateTimeOffset now, string stamp, string jobName)
    {
        if (request.ToBucket is not null)
        {
            return Refuse($"{claim} is a PVC; it is restored into a PVC", "give --to-pvc NAME instead of --to-bucket");
        }

        var snapshots = all.Where(s => s.Volume == claim && s.App == app.App.Name && s.Host == app.ResticHost).OrderBy(s => s.Time).ToList();
        if (snapshots.Count == 0)
        {
            return Refuse($"the repository holds no snapshot of {app.App.Key} volume {claim} (host {app.ResticHost})",
                $"check with: gitops-backup snapshots {app.App.Name} -n {app.App.Namespace}; a first backup: gitops-backup backup {app.App.Name} -n {app.App.Namespace}");
        }

        var (picked, choice, refusal) = SnapshotChoice.Pick(snapshots, request.SnapshotId, request.AsOf, $"volume {claim}", $"gitops-backup snapshots {app.App.Name} --volume {claim}");
        if (picked is not { } snapshot)
        {
            return refusal!;
        }

        if (snapshot.Paths.Count != 1)
        {
            return Refuse($"snapshot {snapshot.ShortId} holds {snapshot.Paths.Count} paths; a volume's snapshot holds one", "restore it by hand with restic restore --include");
        }

        var plan = new RestorePlan
        {
            App = app.App.Key,
            Volume = claim,
            Snapshot = snapshot,
            Choice = choice,
            SnapshotCount = snapshots.Count,
            Source = $"{CronJobRenderer.ResticRepository(app.Defaults.S3Endpoint, app.App.BackupBucket)} path {snapshot.Paths[0]}",
            Target = claim,
            InPlace = request.InPlace,
            RunAsUser = ResticPodParts.Restricted(app.App.PodSecurity).RunAsUser!.Value,
            RunAsUserFromSpec = app.App.PodSecurity?.RunAsUser is not null,
            JobName = jobName,
            Stamp = stamp,
        };

        if (request.InPlace)
        {
            if (facts.MountedBy.Count > 0 && !request.ScaleDown)
            {
                return Refuse($"PVC {app.App.Namespace}/{claim} is mounted by {Pods(facts.MountedBy)}: restoring under a running app corrupts what it writes", StopSteps(app, claim, facts));
            }

            if (request.ScaleDown && facts.MountedBy.Count > 0 && facts.Workloads.Count == 0)
            {
                return Refuse($"PVC {app.App.Namespace}/{claim} is mounted by {Pods(facts.MountedBy)}, which no Deployment or StatefulSet owns: --scale-down cannot stop it", StopSteps(app, claim, facts));
            }

            return new RestoreDecision.Planned(plan with { ScaleDown = request.ScaleDown ? facts.Workloads : [] });
        }

        var target = request.ToPvc ?? ObjectNames.Fit($"{claim}-restore-{now.UtcDateTime.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}", 253);
        if (target == claim)
        {
            return Refuse($"--to-pvc {claim} is the live PVC", "name a new PVC, or say --in-place if you mean to write over the live one");
        }

        if (Specs.Checks.Names.SubdomainError(target) is { } nameError)
        {
            return Refuse($"--to-pvc {target}: a PVC name {nameError}", "a DNS-1123 subdomain, e.g. data-restore");
        }

        if (facts.TargetExists)
        {
            return Refuse($"PVC {app.App.Namespace}/{target} already exists; a restore goes into a new, empty PVC", "give another --to-pvc NAME, or delete that PVC first");
        }

        var (size, sizeSource) = facts.Capacity is { } capacity
            ? (capacity, $"as the live PVC {claim}")
            : snapshot.Bytes is { } bytes ? (SizeFor(bytes), "the snapshot's size + 25%, rounded up to GiB (the live PVC could not be read)") : ("1Gi", "a guess: neither the live PVC nor the snapshot's size could be read");
        return new RestoreDecision.Planned(plan with
        {
            Target = target,
            NewTarget = true,
            TargetSize = size,
            SizeSource = sizeSource,
            StorageClass = facts.StorageClass,
        });
    }

    /// <summary>The steps that stop an app before an in-place restore: Flux first, or it scales the app right back.</summary>
    public static IReadOnlyList<string> StopSteps(AppSettings app, string claim, VolumeFacts facts)
    {
        var ns = app.App.Namespace;
        var steps = new List<string>
        {
            $"flux suspend kustomization <the Kustomization that deploys {app.App.Name}>   # else Flux scales it back up",
        };
        steps.AddRange(facts.Workloads.Count > 0
            ? facts.Workloads.Select(w => $"kubectl -n {ns} scale {w} --replicas=0   # now {w.Replicas}")
            : [$"kubectl -n {ns} scale deployment/<the app's Deployment> --replicas=0"]);
        steps.Add($"kubectl -n {ns} wait --for=delete pod/{(facts.MountedBy.Count > 0 ? facts.MountedBy[0] : "<pod>")} --timeout=5m");
        steps.Add($"gitops-backup restore {app.App.Name} --volume {claim} --in-place ...   # again; or all of the above at once with --scale-down");
        steps.Add("afterwards: scale back up and flux resume kustomization <name>");
        return steps;
    }

    /// <summary>Bytes plus headroom, in whole GiB, at least 1Gi.</summary>
    public static string SizeFor(long bytes)
    {
        const double gib = 1024L * 1024 * 1024;
        var size = Math.Max(1, (long)Math.Ceiling(bytes * SizeHeadroom / gib));
        return size.ToString(CultureInfo.InvariantCulture) + "Gi";
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Pods(IReadOnlyList<string> pods) => (pods.Count == 1 ? "pod " : "pods ") + string.Join(", ", pods);

    private static RestoreDecision.Refused Refuse(string reason, params IReadOnlyList<string> steps) => new(reason, steps);
}
