using System.Globalization;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// The short-lived Job of <c>gitops-backup snapshots</c>: runs Scripts/snapshots.sh in the app's
/// namespace (where its restic Secrets are), so the CLI needs no credentials; the CLI reads its log.
/// </summary>
internal static class SnapshotJobRenderer
{
    /// <summary>Gone a while after it finished; the CLI reads the log long before that.</summary>
    public const int TtlSecondsAfterFinished = 600;

    public const long ActiveDeadlineSeconds = 600;

    public static V1Job Render(AppSettings app, DateTimeOffset now)
    {
        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        var env = new List<V1EnvVar>();
        ResticPodParts.Add(app, volumes, mounts, env);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = ObjectNames.Fit($"snapshots-{app.App.Name}-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}", ObjectNames.LabelLimit),
                NamespaceProperty = app.App.Namespace,
                Labels = ResticPodParts.Labels(app.App.Name, RenderedLabels.SnapshotsComponent),
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                ActiveDeadlineSeconds = ActiveDeadlineSeconds,
                TtlSecondsAfterFinished = TtlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = ResticPodParts.Labels(app.App.Name, RenderedLabels.SnapshotsComponent) },
                    Spec = ResticPodParts.Pod(app, "snapshots", ScriptResources.Snapshots, ResticPodParts.Restricted(app.App.PodSecurity), volumes, mounts, env),
                },
            },
        };
    }
}
