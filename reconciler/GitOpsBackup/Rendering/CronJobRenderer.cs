using System.Globalization;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// One app's backup CronJob, in the app's own namespace, so the pod can only reach that app's
/// PVCs and Secrets. Its Jobs start suspended: the reconciler admits them one per node.
/// </summary>
internal static class CronJobRenderer
{
    /// <summary>A run missed by more than this (controller down, cluster off) is skipped, never piled up.</summary>
    public const long StartingDeadlineSeconds = 3600;
    public const int HistoryLimit = 3;
    public const int BackoffLimit = 1;

    /// <summary>The backup pod's only container; the reconciler reads its termination message.</summary>
    public const string Container = "backup";

    /// <summary>Counted from admission: a suspended Job's deadline timer restarts when it is resumed.</summary>
    public const long ActiveDeadlineSeconds = 6 * 3600;

    /// <summary>Finished Jobs stay 3 days, long enough for the night's cycle and `status` to see them.</summary>
    public const int TtlSecondsAfterFinished = 3 * 24 * 3600;
    public const string RetryLock = "5m";

    public static V1CronJob Render(AppSettings app, ClusterFacts facts, string revision)
    {
        var spec = app.App;
        var labels = Labels(spec.Name);
        var cronJob = new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta
            {
                Name = ObjectNames.CronJob(spec.Name),
                NamespaceProperty = spec.Namespace,
                Labels = labels,
            },
            Spec = new V1CronJobSpec
            {
                Schedule = app.Schedule,
                TimeZone = facts.SupportsCronJobTimeZone ? app.TimeZone : null,
                ConcurrencyPolicy = "Forbid",
                StartingDeadlineSeconds = StartingDeadlineSeconds,
                SuccessfulJobsHistoryLimit = HistoryLimit,
                FailedJobsHistoryLimit = HistoryLimit,
                Suspend = spec.Suspend,
                JobTemplate = new V1JobTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(spec.Name) },
                    Spec = new V1JobSpec
                    {
                        Suspend = true,
                        BackoffLimit = BackoffLimit,
                        ActiveDeadlineSeconds = ActiveDeadlineSeconds,
                        TtlSecondsAfterFinished = TtlSecondsAfterFinished,
                        Template = new V1PodTemplateSpec
                        {
                            Metadata = new V1ObjectMeta { Labels = Labels(spec.Name) },
                            Spec = Pod(app),
                        },
                    },
                },
            },
        };
        ObjectStamp.Apply(cronJob, $"HomelabBackup/{spec.Namespace}/{spec.Name}", spec.Location.File, revision);
        return cronJob;
    }

    private static Dictionary<string, string> Labels(string app) => new(StringComparer.Ordinal)
    {
        [Ownership.ManagedByLabel] = Ownership.ManagedByValue,
        [Ownership.AppLabel] = app,
        [RenderedLabels.Component] = RenderedLabels.BackupComponent,
    };

    private static V1PodSpec Pod(AppSettings app)
    {
        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        var pvcs = new List<string>();
        // SQLite's locks (and a WAL database's shared memory) need a writable mount; the backup API never writes the database.
        var sqliteClaims = app.App.Dumps.Where(d => d.Engine == DumpEngine.Sqlite && d.Volume is not null).Select(d => d.Volume!).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in app.Claims.Concat(sqliteClaims.Order(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            var volume = ObjectNames.Fit("pvc-" + claim, ObjectNames.LabelLimit);
            var path = $"{PodPaths.DataRoot}/{claim}";
            volumes.Add(new V1Volume
            {
                Name = volume,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim, ReadOnlyProperty = sqliteClaims.Contains(claim) ? null : true },
            });
            mounts.Add(PodParts.Mount(volume, path, readOnly: !sqliteClaims.Contains(claim)));
            if (app.Claims.Contains(claim))
            {
                pvcs.Add($"{claim}={path}");
            }
        }

        ResticPodParts.AddVolumes(app.Defaults, volumes, mounts);
        var env = Env(app, pvcs);
        var script = ScriptResources.Backup;
        if (app.Notifications.Healthchecks is { } pings)
        {
            // Optional: a missing ping Secret must not keep the backup from running (notify.sh then runs it without pings).
            var url = PodParts.FromSecret(BackupEnv.PingUrl, pings.Url.SecretName, pings.Url.Key);
            url.ValueFrom.SecretKeyRef.Optional = true;
            env.Add(url);
            env.Add(PodParts.Value(BackupEnv.PingSlug, pings.Slugs ? PingSlug(app.App) : ""));
            script = ScriptResources.BackupWithPings;
        }

        return ResticPodParts.Pod(app, Container, script, app.App.PodSecurity, volumes, mounts, env);
    }

    private static List<V1EnvVar> Env(AppSettings app, List<string> pvcs)
    {
        var spec = app.App;
        var defaults = app.Defaults;
        var retention = app.Retention;
        var env = new List<V1EnvVar>
        {
            PodParts.Value(BackupEnv.App, spec.Name),
            PodParts.Value(BackupEnv.Host, app.ResticHost),
            PodParts.Value(BackupEnv.Pvcs, string.Join(' ', pvcs)),
            PodParts.Value(BackupEnv.Buckets, string.Join(' ', app.Buckets)),
            PodParts.Value(BackupEnv.BackupBucket, spec.BackupBucket),
            PodParts.Value(BackupEnv.AllowEmpty, spec.AllowEmpty ? "true" : "false"),
            PodParts.Value(BackupEnv.ResticRepository, ResticRepository(defaults.S3Endpoint, spec.BackupBucket)),
            PodParts.Value(BackupEnv.ResticPasswordFile, PodPaths.ResticPasswordFile),
            PodParts.Value(BackupEnv.ResticCacheDir, PodPaths.Cache + "/restic"),
            PodParts.Value(BackupEnv.ResticRetryLock, RetryLock),
            PodParts.Value(BackupEnv.KeepDaily, Number(retention.Daily)),
            PodParts.Value(BackupEnv.KeepWeekly, Number(retention.Weekly)),
            PodParts.Value(BackupEnv.KeepMonthly, Number(retention.Monthly)),
            PodParts.Value(BackupEnv.KeepYearly, Number(retention.Yearly)),
        };
        env.AddRange(DumpEnv.For(spec.Dumps));
        env.AddRange(PodParts.S3Env(defaults, restic: true));
        env.Add(PodParts.Value(BackupEnv.Home, PodPaths.Home));
        env.Add(PodParts.Value(BackupEnv.TmpDir, PodPaths.Tmp));
        return env;
    }

    /// <summary>The app's healthchecks.io slug: unique per cluster, and what a reader recognises in the healthchecks.io project.</summary>
    public static string PingSlug(HomelabBackup app) => $"{app.Namespace}-{app.Name}";

    /// <summary>One restic repository per app, under "restic/" in its backup bucket; volumes are told apart by tag.</summary>
    public static string ResticRepository(string endpoint, string bucket) => $"s3:{endpoint.TrimEnd('/')}/{bucket}/restic";

    private static string Number(int value) => Math.Max(value, 0).ToString(CultureInfo.InvariantCulture);
}
