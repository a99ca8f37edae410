using System.Globalization;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// One app's restore drill, verify-&lt;app&gt;, in the app's namespace. Unlike backups its Jobs are
/// not suspended: the one-per-node admission exists because backups mount the app's PVCs (placement,
/// node bandwidth); a drill mounts none. It reads the repository over S3 and restores into an
/// emptyDir, so any node will do and the scheduler places it like any pod.
/// </summary>
internal static class VerifyCronJobRenderer
{
    public const int BackoffLimit = 0;

    public static V1CronJob Render(AppSettings app, ClusterFacts facts, string revision)
    {
        var spec = app.App;
        var verify = app.Verify;
        var volumes = new List<V1Volume> { PodParts.EmptyDir("scratch") };
        var mounts = new List<V1VolumeMount> { PodParts.Mount("scratch", PodPaths.Scratch, readOnly: false) };
        var env = new List<V1EnvVar>
        {
            PodParts.Value(BackupEnv.VerifyVolumes, string.Join(' ', app.Claims)),
            PodParts.Value(BackupEnv.VerifyReadDataSubset, verify.ReadDataSubset is null or "0" ? "" : verify.ReadDataSubset),
            // Merged over BackupDefaults' verify, whose every field the schema defaults: none is null here.
            PodParts.Value(BackupEnv.VerifyMinFiles, verify.MinFiles!.Value.ToString(CultureInfo.InvariantCulture)),
            PodParts.Value(BackupEnv.VerifyMinBytes, verify.MinBytes!.Value.ToString(CultureInfo.InvariantCulture)),
            PodParts.Value(BackupEnv.VerifyExpectFiles, string.Join(' ', verify.ExpectFiles ?? [])),
            PodParts.Value(BackupEnv.VerifyScratch, PodPaths.Scratch),
        };
        ResticPodParts.Add(app, volumes, mounts, env);
        var cronJob = new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta
            {
                Name = ObjectNames.VerifyCronJob(spec.Name),
                NamespaceProperty = spec.Namespace,
                Labels = ResticPodParts.Labels(spec.Name, RenderedLabels.VerifyComponent),
            },
            Spec = new V1CronJobSpec
            {
                Schedule = app.VerifySchedule,
                TimeZone = facts.SupportsCronJobTimeZone ? app.TimeZone : null,
                ConcurrencyPolicy = "Forbid",
                StartingDeadlineSeconds = CronJobRenderer.StartingDeadlineSeconds,
                SuccessfulJobsHistoryLimit = CronJobRenderer.HistoryLimit,
                FailedJobsHistoryLimit = CronJobRenderer.HistoryLimit,
                Suspend = spec.Suspend,
                JobTemplate = new V1JobTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = ResticPodParts.Labels(spec.Name, RenderedLabels.VerifyComponent) },
                    Spec = new V1JobSpec
                    {
                        // A failed drill is an answer, not a glitch to retry until it passes.
                        BackoffLimit = BackoffLimit,
                        ActiveDeadlineSeconds = CronJobRenderer.ActiveDeadlineSeconds,
                        TtlSecondsAfterFinished = CronJobRenderer.TtlSecondsAfterFinished,
                        Template = new V1PodTemplateSpec
                        {
                            Metadata = new V1ObjectMeta { Labels = ResticPodParts.Labels(spec.Name, RenderedLabels.VerifyComponent) },
                            Spec = ResticPodParts.Pod(app, "verify", ScriptResources.Verify, ResticPodParts.Restricted(spec.PodSecurity), volumes, mounts, env),
                        },
                    },
                },
            },
        };
        ObjectStamp.Apply(cronJob, $"HomelabBackup/{spec.Namespace}/{spec.Name}", spec.Location.File, revision);
        return cronJob;
    }
}
