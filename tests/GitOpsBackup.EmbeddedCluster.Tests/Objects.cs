using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests;

/// <summary>Small builders for the objects the tests send, and a helper to catch API errors.</summary>
internal static class Objects
{
    public static V1Namespace Namespace(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = name },
    };

    public static V1CronJob CronJob(string name, string ns, string schedule = "30 2 * * *", IDictionary<string, string>? labels = null, string image = "restic/restic:0.17") => new()
    {
        ApiVersion = "batch/v1",
        Kind = "CronJob",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels },
        Spec = new V1CronJobSpec
        {
            Schedule = schedule,
            JobTemplate = new V1JobTemplateSpec
            {
                Spec = new V1JobSpec { Suspend = true, Template = PodTemplate(image) },
            },
        },
    };

    public static V1Job Job(string name, string ns, string image = "restic/restic:0.17", bool suspend = false, IList<V1OwnerReference>? owners = null) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, OwnerReferences = owners },
        Spec = new V1JobSpec { Suspend = suspend, Template = PodTemplate(image) },
    };

    public static V1Pod Pod(string name, string ns, IList<V1OwnerReference>? owners = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, OwnerReferences = owners },
        Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };

    public static V1OwnerReference OwnerOf(IKubernetesObject<V1ObjectMeta> owner) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
    };

    private static V1PodTemplateSpec PodTemplate(string image) => new()
    {
        Spec = new V1PodSpec
        {
            RestartPolicy = "Never",
            Containers = [new V1Container { Name = "backup", Image = image, Args = ["backup", "/data"] }],
        },
    };

    public static long Rv(V1ObjectMeta metadata) => long.Parse(metadata.ResourceVersion, CultureInfo.InvariantCulture);

    /// <summary>Runs a call that must fail and returns the HTTP status and the Status body.</summary>
    public static async Task<(int Code, string Message, JsonNode Status)> FailureOf(Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<HttpOperationException>(call);
        var status = JsonNode.Parse(ex.Response.Content)!;
        Assert.Equal("Status", status["kind"]?.ToString());
        Assert.Equal((int)ex.Response.StatusCode, status["code"]?.GetValue<int>());
        return ((int)ex.Response.StatusCode, status["message"]?.ToString() ?? "", status);
    }
}
