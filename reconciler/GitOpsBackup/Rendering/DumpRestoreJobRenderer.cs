using System.Globalization;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// The Job that restores one database dump: Scripts/restore.sh in dump mode pipes <c>restic dump</c>
/// of the chosen snapshot into psql or mariadb (a database that must be empty, unless in place), or
/// writes a SQLite copy next to the live file on its PVC. Pure; started by hand, never admitted.
/// </summary>
internal static class DumpRestoreJobRenderer
{
    /// <summary>The Job's name: what the plan prints is what gets created.</summary>
    public static string JobName(string app, string dump, string stamp) => ObjectNames.Fit($"restore-{app}-{dump}-{stamp}", ObjectNames.LabelLimit);

    /// <param name="snapshotId">The dump's snapshot (never "latest": what was chosen is what runs).</param>
    /// <param name="targetDatabase">postgres, mariadb: the database to load into; null = the dump's own (in place only).</param>
    /// <param name="stamp">yyyyMMdd-HHmmss: names the Job and a SQLite copy.</param>
    public static V1Job Render(AppSettings app, DatabaseDump dump, string snapshotId, string? targetDatabase, string stamp, bool inPlace)
    {
        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        var env = new List<V1EnvVar>
        {
            PodParts.Value(BackupEnv.RestoreMode, "dump"),
            PodParts.Value(BackupEnv.RestoreInPlace, inPlace ? "true" : "false"),
            PodParts.Value(BackupEnv.RestoreStamp, stamp),
            PodParts.Value(BackupEnv.RestoreSnapshot, snapshotId),
            PodParts.Value(BackupEnv.RestoreDumpFile, dump.FileName),
            PodParts.Value(BackupEnv.RestoreDumpEngine, DumpEnv.Engine(dump.Engine)),
        };
        switch (dump.Engine)
        {
            case DumpEngine.Postgres or DumpEngine.Mariadb:
                env.Add(PodParts.Value(BackupEnv.RestoreDumpHost, dump.Host!));
                env.Add(PodParts.Value(BackupEnv.RestoreDumpPort, (dump.Port ?? (dump.Engine == DumpEngine.Postgres ? 5432 : 3306)).ToString(CultureInfo.InvariantCulture)));
                env.Add(PodParts.Value(BackupEnv.RestoreDumpUser, dump.User!));
                env.Add(PodParts.Value(BackupEnv.RestoreDumpDatabase, targetDatabase ?? dump.Database!));
                env.Add(PodParts.FromSecret(BackupEnv.RestoreDumpPassword, dump.Password!.SecretName, dump.Password.Key));
                break;
            case DumpEngine.Sqlite:
                var path = $"{PodPaths.RestoreTarget}/{dump.Volume}";
                volumes.Add(new V1Volume { Name = "target", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = dump.Volume } });
                mounts.Add(PodParts.Mount("target", path, readOnly: false));
                env.Add(PodParts.Value(BackupEnv.RestoreDumpPath, $"{path}/{dump.Path}.restored-{stamp}"));
                break;
            default:
                throw new ArgumentException($"dump {dump.Name}: a command dump is restored by hand (restic dump <snapshot> {dump.FileName})", nameof(dump));
        }

        ResticPodParts.Add(app, volumes, mounts, env);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobName(app.App.Name, dump.Name, stamp),
                NamespaceProperty = app.App.Namespace,
                Labels = ResticPodParts.Labels(app.App.Name, RenderedLabels.RestoreComponent),
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [RestoreJobRenderer.SnapshotAnnotation] = $"{snapshotId} dump={dump.Name}",
                    [RestoreJobRenderer.TargetAnnotation] = dump.Engine == DumpEngine.Sqlite ? $"{dump.Volume}/{dump.Path}.restored-{stamp}" : targetDatabase ?? $"{dump.Database} (in place)",
                },
            },
            Spec = new V1JobSpec
            {
                // A load that failed half-way is looked at, not retried over itself.
                BackoffLimit = 0,
                ActiveDeadlineSeconds = CronJobRenderer.ActiveDeadlineSeconds,
                TtlSecondsAfterFinished = CronJobRenderer.TtlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = ResticPodParts.Labels(app.App.Name, RenderedLabels.RestoreComponent) },
                    Spec = ResticPodParts.Pod(app, "restore", ScriptResources.Restore, ResticPodParts.Restricted(app.App.PodSecurity), volumes, mounts, env),
                },
            },
        };
    }
}
