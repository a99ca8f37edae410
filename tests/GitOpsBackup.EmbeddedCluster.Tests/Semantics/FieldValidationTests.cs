using System.Net;
using System.Net.Http.Headers;
using k8s;

namespace GitOpsBackup.EmbeddedCluster.Tests.Semantics;

public sealed class FieldValidationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes client = fixture.Client;

    private static string Body(string ns, string extra) =>
        "{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\",\"metadata\":{\"name\":\"fv\",\"namespace\":\"" + ns + "\"},"
        + "\"spec\":{\"schedule\":\"0 1 * * *\"," + extra + "\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
        + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"securityContext\":{\"anything\":\"unchecked below containers\"}}]}}}}}}";

    private async Task<HttpResponseMessage> Post(string ns, string extra, string validation)
    {
        using var http = new HttpClient { BaseAddress = fixture.Cluster.BaseAddress };
        using var content = new StringContent(Body(ns, extra));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await http.PostAsync(new Uri($"/apis/batch/v1/namespaces/{ns}/cronjobs?fieldValidation={validation}", UriKind.Relative), content);
    }

    [Fact]
    public async Task Strict_RefusesUnknownFields_NamingThem()
    {
        var ns = await fixture.NewNamespaceAsync();

        using var response = await Post(ns, "\"scheduel\":\"x\",", "Strict");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown field \\\"spec.scheduel\\\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warn_AcceptsWithAWarning_AndDropsTheField()
    {
        var ns = await fixture.NewNamespaceAsync();

        using var response = await Post(ns, "\"scheduel\":\"x\",", "Warn");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("spec.scheduel", StringComparison.Ordinal));
        Assert.DoesNotContain("scheduel", (await client.BatchV1.ReadNamespacedCronJobAsync("fv", ns)).Spec.ToString() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("scheduel", fixture.Cluster.State.Get("batch/v1", "CronJob", ns, "fv")!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_AcceptsAKnownShape()
    {
        var ns = await fixture.NewNamespaceAsync();

        using var response = await Post(ns, "\"timeZone\":\"Europe/Berlin\",\"concurrencyPolicy\":\"Forbid\",", "Strict");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
