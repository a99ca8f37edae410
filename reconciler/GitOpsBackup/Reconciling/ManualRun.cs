using System.Globalization;
using GitOpsBackup.Rendering;
using k8s.Models;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// A manual backup run: a Job made from the app's CronJob template exactly as
/// <c>kubectl create job --from=cronjob/…</c> makes it (suspended, owned by the CronJob), so it
/// goes through the same admission queue as a scheduled run. Pure.
/// </summary>
internal static class ManualRun
{
    public static V1Job FromCronJob(V1CronJob cronJob, DateTimeOffset now)
    {
        var template = cronJob.Spec.JobTemplate;
        var name = ObjectNames.Fit($"{cronJob.Metadata.Name}-manual-{(now.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}", ObjectNames.LabelLimit);
        var annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [JobReader.InstantiateAnnotation] = "manual",
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = cronJob.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                Annotations = annotations,
                OwnerReferences =
                [
                    new V1OwnerReference { ApiVersion = "batch/v1", Kind = "CronJob", Name = cronJob.Metadata.Name, Uid = cronJob.Metadata.Uid, Controller = true, BlockOwnerDeletion = true },
                ],
            },
            Spec = template.Spec,
        };
    }
}
