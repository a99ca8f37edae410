using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Store;

public sealed class DeletionTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes client = fixture.Client;

    private async Task<(V1CronJob CronJob, V1Job Job, V1Pod Pod)> Family(string ns)
    {
        var cronJob = await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("cj", ns), ns);
        var job = await client.BatchV1.CreateNamespacedJobAsync(Objects.Job("cj-1", ns, owners: [Objects.OwnerOf(cronJob)]), ns);
        var pod = await client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("cj-1-abcde", ns, owners: [Objects.OwnerOf(job)]), ns);
        return (cronJob, job, pod);
    }

    [Fact]
    public async Task DeletingACronJob_DeletesItsJobsAndTheirPods()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Family(ns);

        await client.BatchV1.DeleteNamespacedCronJobAsync("cj", ns);

        Assert.Empty((await client.BatchV1.ListNamespacedJobAsync(ns)).Items);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task DeletingAJob_WithoutAPolicy_OrphansItsPods_LikeBatchV1()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Family(ns);

        await client.BatchV1.DeleteNamespacedJobAsync("cj-1", ns);

        var pod = Assert.Single((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.True(pod.Metadata.OwnerReferences is null or { Count: 0 });
    }

    [Theory]
    [InlineData("Background")]
    [InlineData("Foreground")]
    public async Task DeletingAJob_WithPropagation_DeletesItsPods(string policy)
    {
        var ns = await fixture.NewNamespaceAsync();
        await Family(ns);

        await client.BatchV1.DeleteNamespacedJobAsync("cj-1", ns, propagationPolicy: policy);

        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Single((await client.BatchV1.ListNamespacedCronJobAsync(ns)).Items);
    }

    [Fact]
    public async Task DeletingACronJob_WithOrphan_KeepsItsJobs()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Family(ns);

        await client.BatchV1.DeleteNamespacedCronJobAsync("cj", ns, propagationPolicy: "Orphan");

        Assert.Single((await client.BatchV1.ListNamespacedJobAsync(ns)).Items);
    }

    [Fact]
    public async Task DeletingANamespace_DeletesEverythingInIt()
    {
        var ns = await fixture.NewNamespaceAsync();
        var other = await fixture.NewNamespaceAsync();
        await Family(ns);
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("keep", other), other);

        await client.CoreV1.DeleteNamespaceAsync(ns);

        Assert.Equal(404, (await Objects.FailureOf(() => client.CoreV1.ReadNamespaceAsync(ns))).Code);
        Assert.Empty((await client.BatchV1.ListNamespacedCronJobAsync(ns)).Items);
        Assert.Empty((await client.BatchV1.ListNamespacedJobAsync(ns)).Items);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
        Assert.Single((await client.BatchV1.ListNamespacedCronJobAsync(other)).Items);
    }

    [Fact]
    public async Task DryRunDelete_KeepsTheObject()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Family(ns);

        await client.BatchV1.DeleteNamespacedCronJobAsync("cj", ns, dryRun: "All");

        Assert.Single((await client.BatchV1.ListNamespacedCronJobAsync(ns)).Items);
        Assert.Single((await client.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task DeleteOfAMissingObject_Is404_AndAStalePrecondition_Is409()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (cronJob, _, _) = await Family(ns);

        Assert.Equal(404, (await Objects.FailureOf(() => client.BatchV1.DeleteNamespacedCronJobAsync("nope", ns))).Code);
        var stale = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = "1" } };
        Assert.Equal(409, (await Objects.FailureOf(() => client.BatchV1.DeleteNamespacedCronJobAsync("cj", ns, body: stale))).Code);
        var right = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = cronJob.Metadata.Uid } };
        await client.BatchV1.DeleteNamespacedCronJobAsync("cj", ns, body: right);
    }
}
