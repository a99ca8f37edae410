using GitOpsBackup.Restoring;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// A restore plan → the objects <c>restore --apply</c> creates in the app's namespace: the new PVC
/// (when the plan makes one) and the restore Job running Scripts/restore.sh. Pure. The Job is not
/// suspended and not admitted: it is started by hand, for one volume, and is no nightly load.
/// </summary>
internal static class RestoreJobRenderer
{
    public const string SnapshotAnnotation = "backup.homelab.dev/restore-snapshot";
    public const string TargetAnnotation = "backup.homelab.dev/restore-target";

    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Render(RestorePlan plan, AppSettings app)
    {
        var objects = new List<IKubernetesObject<V1ObjectMeta>>();
        if (plan.NewTarget && !plan.Bucket)
        {
            objects.Add(new V1PersistentVolumeClaim
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                Metadata = new V1ObjectMeta
                {
                    Name = plan.Target,
                    NamespaceProperty = plan.App.Namespace,
                    Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [Ownership.AppLabel] = plan.App.Name,
                        [RenderedLabels.Component] = RenderedLabels.RestoreComponent,
                    },
                    Annotations = Annotations(plan),
                },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = plan.StorageClass,
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["storage"] = new(plan.TargetSize!) } },
                },
            });
        }

        objects.Add(Job(plan, app));
        return objects;
    }

    private static V1Job Job(RestorePlan plan, AppSettings app)
    {
        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        var env = new List<V1EnvVar>
        {
            PodParts.Value(BackupEnv.RestoreMode, plan.Bucket ? "bucket" : "pvc"),
            PodParts.Value(BackupEnv.RestoreInPlace, plan.InPlace ? "true" : "false"),
            PodParts.Value(BackupEnv.RestoreStamp, plan.Stamp),
        };
        if (plan.Bucket)
        {
            env.Add(PodParts.Value(BackupEnv.RestoreSourceBucket, plan.Volume));
            env.Add(PodParts.Value(BackupEnv.RestoreTargetBucket, plan.Target));
        }
        else
        {
            var path = $"{PodPaths.RestoreTarget}/{plan.Target}";
            volumes.Add(new V1Volume { Name = "target", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = plan.Target } });
            mounts.Add(PodParts.Mount("target", path, readOnly: false));
            env.Add(PodParts.Value(BackupEnv.RestoreSnapshot, plan.Snapshot!.Id));
            env.Add(PodParts.Value(BackupEnv.RestoreSourcePath, plan.Snapshot.Paths[0]));
            env.Add(PodParts.Value(BackupEnv.RestoreTarget, path));
        }

        ResticPodParts.Add(app, volumes, mounts, env, rclone: plan.Bucket);
        var labels = ResticPodParts.Labels(plan.App.Name, RenderedLabels.RestoreComponent);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = plan.JobName,
                NamespaceProperty = plan.App.Namespace,
                Labels = labels,
                Annotations = Annotations(plan),
            },
            Spec = new V1JobSpec
            {
                // A restore that failed half-way is looked at, not retried over itself.
                BackoffLimit = 0,
                ActiveDeadlineSeconds = CronJobRenderer.ActiveDeadlineSeconds,
                TtlSecondsAfterFinished = CronJobRenderer.TtlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = ResticPodParts.Labels(plan.App.Name, RenderedLabels.RestoreComponent) },
                    Spec = ResticPodParts.Pod(app, "restore", ScriptResources.Restore, ResticPodParts.Restricted(app.App.PodSecurity), volumes, mounts, env),
                },
            },
        };
    }

    private static Dictionary<string, string> Annotations(RestorePlan plan) => new(StringComparer.Ordinal)
    {
        [SnapshotAnnotation] = plan.Snapshot is { } s ? $"{s.Id} {s.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : $"bucket copy {plan.Source}",
        [TargetAnnotation] = plan.InPlace ? $"{plan.Target} (in place)" : plan.Target,
    };
}
