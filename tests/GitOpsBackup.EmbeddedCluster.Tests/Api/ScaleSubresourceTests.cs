using System.Text.Json;
using GitOpsBackup.EmbeddedCluster.Tests.Simulation;
using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Api;

/// <summary>apps/v1 Deployments and StatefulSets and their scale subresource, through the real client, kubectl and the simulation.</summary>
public sealed class ScaleSubresourceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes client = fixture.Client;

    internal static V1PodTemplateSpec Template(string app) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "registry.invalid/app" }] },
    };

    internal static V1Deployment Deployment(string name, string ns, int replicas) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1DeploymentSpec { Replicas = replicas, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } }, Template = Template(name) },
    };

    private static V1Patch Replicas(int replicas) => new(JsonSerializer.Serialize(new { spec = new { replicas } }), V1Patch.PatchType.MergePatch);

    [Fact]
    public async Task DeploymentScale_GetAndMergePatch_ReadAndWriteSpecReplicas()
    {
        var ns = await fixture.NewNamespaceAsync("scale");
        var created = await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", ns, 3), ns);

        var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        Assert.Equal(("autoscaling/v1", "Scale"), (scale.ApiVersion, scale.Kind));
        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal(0, scale.Status.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);
        Assert.Equal(created.Metadata.ResourceVersion, scale.Metadata.ResourceVersion);

        var patched = await client.AppsV1.PatchNamespacedDeploymentScaleAsync(Replicas(0), "web", ns, fieldManager: "test");
        var after = await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(0, patched.Spec.Replicas);
        Assert.Equal(0, after.Spec.Replicas);
        Assert.Equal(patched.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.True(Objects.Rv(after.Metadata) > Objects.Rv(created.Metadata));
        Assert.Equal(created.Metadata.Generation + 1, after.Metadata.Generation);
        Assert.Contains(after.Metadata.ManagedFields, m => m.Manager == "test" && m.Subresource == "scale");
    }

    [Fact]
    public async Task StatefulSetScale_PutWithStaleResourceVersion_Is409_AndAFreshOneWrites()
    {
        var ns = await fixture.NewNamespaceAsync("scale");
        var set = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db", NamespaceProperty = ns },
            Spec = new V1StatefulSetSpec { Replicas = 2, ServiceName = "db", Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } }, Template = Template("db") },
        };
        await client.AppsV1.CreateNamespacedStatefulSetAsync(set, ns);
        var scale = await client.AppsV1.ReadNamespacedStatefulSetScaleAsync("db", ns);
        await client.AppsV1.PatchNamespacedStatefulSetScaleAsync(Replicas(1), "db", ns);

        scale.Spec.Replicas = 5;
        var (code, _, _) = await Objects.FailureOf(() => client.AppsV1.ReplaceNamespacedStatefulSetScaleAsync(scale, "db", ns));
        Assert.Equal(409, code);
        Assert.Equal(1, (await client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns)).Spec.Replicas);

        var fresh = await client.AppsV1.ReadNamespacedStatefulSetScaleAsync("db", ns);
        fresh.Spec.Replicas = 5;
        Assert.Equal(5, (await client.AppsV1.ReplaceNamespacedStatefulSetScaleAsync(fresh, "db", ns)).Spec.Replicas);
        Assert.Equal(5, (await client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns)).Spec.Replicas);
    }

    [Fact]
    public async Task Scale_OfAMissingDeployment_Is404_AndNegativeReplicas_Are422()
    {
        var ns = await fixture.NewNamespaceAsync("scale");
        var (missing, message, _) = await Objects.FailureOf(() => client.AppsV1.PatchNamespacedDeploymentScaleAsync(Replicas(0), "nope", ns));
        Assert.Equal(404, missing);
        Assert.Contains("deployments.apps \"nope\" not found", message, StringComparison.Ordinal);

        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", ns, 1), ns);
        var (invalid, _, _) = await Objects.FailureOf(() => client.AppsV1.PatchNamespacedDeploymentScaleAsync(Replicas(-1), "web", ns));
        Assert.Equal(422, invalid);
        Assert.Equal(1, (await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas);
    }

    [Fact]
    public async Task Kubectl_ScalesADeployment_ThroughDiscoveryAndTheScaleSubresource()
    {
        var ns = await fixture.NewNamespaceAsync("scale");
        await client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", ns, 2), ns);
        var kubectl = new Kubectl.Kubectl(fixture.KubeconfigPath, Directory.CreateDirectory(Path.Combine(fixture.TempDir, "home-scale")).FullName);

        var output = await kubectl.OkAsync("scale", "deployment/web", "--replicas=0", "-n", ns);

        Assert.Contains("deployment.apps/web scaled", output, StringComparison.Ordinal);
        Assert.Equal(0, (await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas);
        Assert.Contains("web", await kubectl.OkAsync("get", "deploy", "-n", ns), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulation_ADeploymentScaledToZero_LosesTheAppPodsItSelects_OnlyThose_AndScaledUpGetsThemBack()
    {
        await using var sim = await SimulatedCluster.StartAsync();
        sim.State.SeedVolume("apps", "data", "node-1");
        sim.State.SeedAppPod("apps", "web", "node-1", "data");
        sim.State.SeedAppPod("apps", "other", "node-2");
        await sim.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "apps", 1), "apps");
        sim.Play(TimeSpan.Zero);
        Assert.NotNull(sim.State.Get("v1", "Pod", "apps", "web"));
        Assert.Equal(1, (await sim.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "apps")).Status.Replicas);

        await sim.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(Replicas(0), "web", "apps");
        sim.Play(TimeSpan.FromSeconds(1));

        Assert.Null(sim.State.Get("v1", "Pod", "apps", "web"));
        Assert.NotNull(sim.State.Get("v1", "Pod", "apps", "other"));
        Assert.Equal(0, (await sim.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "apps")).Status.Replicas);
        var events = sim.State.List("v1", "Event", "apps").Select(e => e["reason"]?.ToString());
        Assert.Contains("SuccessfulDelete", events);

        await sim.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(Replicas(2), "web", "apps");
        sim.Play(TimeSpan.FromSeconds(1));

        var pods = (await sim.Client.CoreV1.ListNamespacedPodAsync("apps", labelSelector: "app=web")).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal(("Running", "web"), (p.Status.Phase, p.Metadata.OwnerReferences.Single().Name)));
        Assert.All(pods, p => Assert.StartsWith("web-", p.Metadata.Name, StringComparison.Ordinal));
        Assert.Equal(2, (await sim.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "apps")).Status.Replicas);
    }
}
