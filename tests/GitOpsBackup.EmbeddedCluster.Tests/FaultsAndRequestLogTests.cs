using System.Diagnostics;
using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests;

public sealed class FaultsAndRequestLogTests : IAsyncLifetime
{
    // Each test gets its own cluster: these tests count requests and inject faults cluster-wide.
    private EmbeddedKubernetes cluster = null!;
    private Kubernetes client = null!;
    private readonly string kubeconfig = Path.Combine(Path.GetTempPath(), $"gob-faults-{Guid.NewGuid():N}.kubeconfig");

    public async Task InitializeAsync()
    {
        cluster = await EmbeddedKubernetes.StartAsync();
        cluster.WriteKubeconfig(kubeconfig);
        client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await client.CoreV1.CreateNamespaceAsync(Objects.Namespace("apps"));
        cluster.Requests.Reset();
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await cluster.DisposeAsync();
        File.Delete(kubeconfig);
    }

    [Theory]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task InjectedStatus_FailsExactlyNTimes_ThenServes(int status)
    {
        cluster.Faults.Fail(status, verb: "apply", resource: "cronjobs", times: 2);
        var apply = () => client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch(Objects.CronJob("app", "apps"), V1Patch.PatchType.ApplyPatch), "app", "apps", fieldManager: "gitops-backup", force: true);

        Assert.Equal(status, (await Objects.FailureOf(apply)).Code);
        Assert.Equal(status, (await Objects.FailureOf(apply)).Code);
        var served = await apply();

        Assert.Equal("app", served.Metadata.Name);
        Assert.Equal([status, status, 201], cluster.Requests.Entries.Where(e => e.Verb == "apply").Select(e => e.StatusCode));
    }

    [Fact]
    public async Task InjectedFault_OnlyHitsMatchingRequests()
    {
        cluster.Faults.Fail(500, verb: "list", resource: "jobs");

        await client.BatchV1.ListNamespacedCronJobAsync("apps");
        Assert.Equal(500, (await Objects.FailureOf(() => client.BatchV1.ListNamespacedJobAsync("apps"))).Code);
        await client.BatchV1.ListNamespacedJobAsync("apps");
    }

    [Fact]
    public async Task RuleHook_RunsOnEachMatch_BeforeTheAnswer_AndARemovedRuleStopsApplying()
    {
        var seen = new List<int>();
        var rule = new FaultRule { Verb = "list", Resource = "jobs", Times = null, OnMatch = () => seen.Add(cluster.Requests.Entries.Count) };
        cluster.Faults.Add(rule);

        await client.BatchV1.ListNamespacedJobAsync("apps");
        await client.BatchV1.ListNamespacedCronJobAsync("apps");
        await client.BatchV1.ListNamespacedJobAsync("apps");
        Assert.True(cluster.Faults.Remove(rule));
        await client.BatchV1.ListNamespacedJobAsync("apps");

        Assert.Equal([0, 2], seen); // before each matching request was logged, i.e. before it was answered
        Assert.Equal(2, cluster.Faults.Applied);
        Assert.False(cluster.Faults.Remove(rule));
    }

    [Fact]
    public async Task InjectedLatency_DelaysMatchingRequests()
    {
        cluster.Faults.Delay(TimeSpan.FromMilliseconds(300), verb: "get");
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("slow", "apps"), "apps");

        var watch = Stopwatch.StartNew();
        await client.BatchV1.ReadNamespacedCronJobAsync("slow", "apps");
        var slow = watch.Elapsed;
        cluster.Faults.Clear();
        watch.Restart();
        await client.BatchV1.ReadNamespacedCronJobAsync("slow", "apps");

        Assert.True(slow >= TimeSpan.FromMilliseconds(290), $"took {slow}");
    }

    [Fact]
    public async Task RequestLog_CountsByVerb_AndWritesExcludeDryRunAndReads()
    {
        var cj = Objects.CronJob("app", "apps");
        await client.BatchV1.CreateNamespacedCronJobAsync(cj, "apps");                                  // create
        var live = await client.BatchV1.ReadNamespacedCronJobAsync("app", "apps");                     // get
        await client.BatchV1.ListCronJobForAllNamespacesAsync();                                      // list
        await client.BatchV1.ReplaceNamespacedCronJobAsync(live, "app", "apps");                       // update (no-op)
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "app", "apps"); // patch
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch(cj, V1Patch.PatchType.ApplyPatch), "app", "apps", fieldManager: "m", dryRun: "All"); // apply, dry run
        await client.BatchV1.DeleteNamespacedCronJobAsync("app", "apps");                              // delete

        var log = cluster.Requests;
        Assert.Equal(1, log.Count("create"));
        Assert.Equal(1, log.Count("get"));
        Assert.Equal(1, log.Count("list"));
        Assert.Equal(1, log.Count("update"));
        Assert.Equal(1, log.Count("patch"));
        Assert.Equal(1, log.Count("apply"));
        Assert.Equal(1, log.Count("delete", "cronjobs"));
        Assert.Equal(4, log.Writes);
        Assert.All(log.Entries, e => Assert.Equal("cronjobs", e.Resource));

        log.Reset();
        Assert.Empty(log.Entries);
    }
}
