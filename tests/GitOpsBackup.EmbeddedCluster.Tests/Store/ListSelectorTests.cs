using k8s;

namespace GitOpsBackup.EmbeddedCluster.Tests.Store;

public sealed class ListSelectorTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes client = fixture.Client;

    [Fact]
    public async Task ListsAcrossNamespaces_ByLabelAndFieldSelector()
    {
        var a = await fixture.NewNamespaceAsync("a");
        var b = await fixture.NewNamespaceAsync("b");
        var managed = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "gitops-backup", ["backup.homelab.dev/app"] = "nextcloud" };
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("ours", a, labels: managed), a);
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("ours", b, labels: new Dictionary<string, string>(managed) { ["backup.homelab.dev/app"] = "immich" }), b);
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("theirs", b), b);

        var all = await client.BatchV1.ListCronJobForAllNamespacesAsync(labelSelector: "app.kubernetes.io/managed-by=gitops-backup");
        var immich = await client.BatchV1.ListCronJobForAllNamespacesAsync(labelSelector: "app.kubernetes.io/managed-by=gitops-backup,backup.homelab.dev/app in (immich)");
        var unmanaged = await client.BatchV1.ListCronJobForAllNamespacesAsync(labelSelector: "!app.kubernetes.io/managed-by");
        var byName = await client.BatchV1.ListCronJobForAllNamespacesAsync(fieldSelector: "metadata.name=theirs");
        var notInA = await client.BatchV1.ListCronJobForAllNamespacesAsync(fieldSelector: $"metadata.namespace!={a}");

        Assert.Equal([(a, "ours"), (b, "ours")], all.Items.Select(i => (i.Metadata.NamespaceProperty, i.Metadata.Name)).Where(x => x.Item1 == a || x.Item1 == b));
        Assert.Equal([b], immich.Items.Select(i => i.Metadata.NamespaceProperty).Where(n => n == a || n == b));
        Assert.Contains(unmanaged.Items, i => i.Metadata.Name == "theirs" && i.Metadata.NamespaceProperty == b);
        Assert.DoesNotContain(unmanaged.Items, i => i.Metadata.Name == "ours");
        Assert.All(byName.Items, i => Assert.Equal("theirs", i.Metadata.Name));
        Assert.DoesNotContain(notInA.Items, i => i.Metadata.NamespaceProperty == a);
        Assert.False(string.IsNullOrEmpty(all.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Rejects_AMalformedSelector_WithBadRequest()
    {
        var (code, message, _) = await Objects.FailureOf(() => client.BatchV1.ListCronJobForAllNamespacesAsync(labelSelector: "app in nextcloud"));

        Assert.Equal(400, code);
        Assert.Contains("unable to parse requirement", message, StringComparison.Ordinal);
    }
}
