using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Tests.Planning;

/// <summary>Desired CronJobs shaped like the renderer's, and their live counterparts as the API server returns them.</summary>
internal static class TestObjects
{
    public static DesiredObject CronJob(string ns, string app, string schedule = "30 2 * * *", string specHash = "h1", string revision = "r1", string image = "restic:1")
    {
        var job = new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta
            {
                Name = $"backup-{app}",
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string>
                {
                    [Ownership.ManagedByLabel] = Ownership.ManagedByValue,
                    [Ownership.AppLabel] = app,
                },
                Annotations = new Dictionary<string, string>
                {
                    [Ownership.OwnerAnnotation] = $"HomelabBackup/{ns}/{app}",
                    [Ownership.SourcePathAnnotation] = $"apps/{app}/backup.yaml",
                    [Ownership.RevisionAnnotation] = revision,
                    [Ownership.SpecHashAnnotation] = specHash,
                },
            },
            Spec = new V1CronJobSpec
            {
                Schedule = schedule,
                TimeZone = "Europe/Berlin",
                ConcurrencyPolicy = "Forbid",
                JobTemplate = new V1JobTemplateSpec
                {
                    Spec = new V1JobSpec
                    {
                        Suspend = true,
                        BackoffLimit = 1,
                        Template = new V1PodTemplateSpec
                        {
                            Spec = new V1PodSpec
                            {
                                RestartPolicy = "Never",
                                Containers =
                                [
                                    new V1Container
                                    {
                                        Name = "backup",
                                        Image = image,
                                        Env =
                                        [
                                            new V1EnvVar { Name = "RESTIC_REPOSITORY", Value = $"s3:https://s3.lan/{app}" },
                                            new V1EnvVar
                                            {
                                                Name = "RESTIC_PASSWORD",
                                                ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "restic", Key = "password" } },
                                            },
                                        ],
                                        Resources = new V1ResourceRequirements
                                        {
                                            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") },
                                        },
                                    },
                                ],
                            },
                        },
                    },
                },
            },
        };
        return new DesiredObject(new AppKey(ns, app), job);
    }

    /// <summary>The desired object as the server would return it: with server fields and defaults added.</summary>
    public static LiveObject Live(DesiredObject desired, Action<JsonObject>? edit = null)
    {
        var json = DesiredJson.Make(desired);
        var metadata = (JsonObject)json["metadata"]!;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["resourceVersion"] = "42";
        metadata["creationTimestamp"] = "2026-11-28T00:00:00Z";
        ((JsonObject)metadata["labels"]!)["team"] = "someone-else";
        ((JsonObject)metadata["annotations"]!)["kubectl.kubernetes.io/last-applied-configuration"] = "{}";
        json["spec"]!["successfulJobsHistoryLimit"] = 3;
        json["spec"]!["suspend"] = false;
        var container = json["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["terminationMessagePath"] = "/dev/termination-log";
        container["imagePullPolicy"] = "IfNotPresent";
        json["status"] = new JsonObject { ["lastScheduleTime"] = "2026-11-28T02:30:00Z" };
        edit?.Invoke(json);
        return LiveObject.FromJson(json);
    }

    public static DesiredState State(params DesiredObject[] objects) => new(objects);

    /// <summary>A desired Job (whose pod template cannot change once created), owned by app "clone".</summary>
    public static DesiredObject Job(string ns, string name, string image) => new(
        new AppKey(ns, "clone"),
        new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string> { [Ownership.ManagedByLabel] = Ownership.ManagedByValue, [Ownership.AppLabel] = "clone" },
                Annotations = new Dictionary<string, string> { [Ownership.OwnerAnnotation] = $"{ns}/clone" },
            },
            Spec = new V1JobSpec
            {
                Suspend = true,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "clone", Image = image }] },
                },
            },
        });
}
