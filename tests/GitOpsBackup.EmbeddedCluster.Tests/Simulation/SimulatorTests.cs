using GitOpsBackup.EmbeddedCluster.Simulation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.EmbeddedCluster.Tests.Simulation;

public sealed class SimulatorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
    private readonly string kubeconfig = Path.Combine(Path.GetTempPath(), $"gob-sim-{Guid.NewGuid():N}.kubeconfig");
    private EmbeddedKubernetes cluster = null!;
    private Kubernetes client = null!;
    private Simulator simulator = null!;

    public async Task InitializeAsync()
    {
        var options = new EmbeddedClusterOptions { Time = time, SimulatedJobDuration = TimeSpan.FromMinutes(2) };
        cluster = await EmbeddedKubernetes.StartAsync(options);
        cluster.WriteKubeconfig(kubeconfig);
        client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        simulator = Simulator.Manual(cluster.State, cluster.Registry, options);
        cluster.State.Seed(new V1Node { ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = "node-a" } });
        await client.CoreV1.CreateNamespaceAsync(Objects.Namespace("apps"));
    }

    public async Task DisposeAsync()
    {
        await simulator.DisposeAsync();
        client.Dispose();
        await cluster.DisposeAsync();
        File.Delete(kubeconfig);
    }

    private void At(int hour, int minute)
    {
        time.SetUtcNow(new DateTimeOffset(2026, 11, 28, hour, minute, 0, TimeSpan.Zero));
        simulator.Tick();
    }

    [Fact]
    public async Task CronJob_FiresASuspendedJob_AtItsScheduleInItsTimeZone()
    {
        var cronJob = Objects.CronJob("nextcloud", "apps");
        cronJob.Spec.TimeZone = "Europe/Berlin"; // 02:30 in Berlin in November is 01:30 UTC
        await client.BatchV1.CreateNamespacedCronJobAsync(cronJob, "apps");

        At(1, 29);
        Assert.Empty((await client.BatchV1.ListNamespacedJobAsync("apps")).Items);

        At(1, 31);
        var job = Assert.Single((await client.BatchV1.ListNamespacedJobAsync("apps")).Items);
        var live = await client.BatchV1.ReadNamespacedCronJobAsync("nextcloud", "apps");

        var scheduled = new DateTimeOffset(2026, 11, 28, 1, 30, 0, TimeSpan.Zero);
        Assert.Equal($"nextcloud-{scheduled.ToUnixTimeSeconds() / 60}", job.Metadata.Name);
        Assert.True(job.Spec.Suspend);
        Assert.Equal("CronJob", job.Metadata.OwnerReferences.Single().Kind);
        Assert.Equal(scheduled.UtcDateTime, live.Status.LastScheduleTime);
        Assert.Equal(job.Metadata.Name, live.Status.Active.Single().Name);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync("apps")).Items); // suspended: nothing runs

        At(1, 40);
        Assert.Single((await client.BatchV1.ListNamespacedJobAsync("apps")).Items); // fires once per schedule
    }

    [Fact]
    public async Task Job_RunsAPodOnItsNode_ThenSucceeds_AndTheCronJobRecordsIt()
    {
        var cronJob = await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("app", "apps"), "apps");
        var job = Objects.Job("app-manual", "apps", owners: [Objects.OwnerOf(cronJob)]);
        job.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-a" };
        await client.BatchV1.CreateNamespacedJobAsync(job, "apps");

        At(0, 1);
        var running = await client.BatchV1.ReadNamespacedJobAsync("app-manual", "apps");
        var pod = Assert.Single((await client.CoreV1.ListNamespacedPodAsync("apps")).Items);
        Assert.Equal(1, running.Status.Active);
        Assert.Equal("node-a", pod.Spec.NodeName);
        Assert.Equal("Running", pod.Status.Phase);

        At(0, 4);
        var done = await client.BatchV1.ReadNamespacedJobAsync("app-manual", "apps");
        Assert.Equal(1, done.Status.Succeeded);
        Assert.Contains(done.Status.Conditions, c => c.Type == "Complete" && c.Status == "True");
        Assert.Equal("Succeeded", (await client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "apps")).Status.Phase);
        var owner = await client.BatchV1.ReadNamespacedCronJobAsync("app", "apps");
        Assert.NotNull(owner.Status.LastSuccessfulTime);
        Assert.True(owner.Status.Active is null or { Count: 0 });
        var events = await client.CoreV1.ListNamespacedEventAsync("apps", fieldSelector: "involvedObject.name=app-manual");
        Assert.Contains(events.Items, e => e.Reason == "Completed");
    }

    [Fact]
    public async Task JobAnnotatedToFail_Fails_AfterItsOwnDuration()
    {
        var job = Objects.Job("broken", "apps");
        job.Metadata.Annotations = new Dictionary<string, string>
        {
            [SimulationHints.OutcomeAnnotation] = "Failed",
            [SimulationHints.DurationAnnotation] = "30s",
        };
        await client.BatchV1.CreateNamespacedJobAsync(job, "apps");

        At(0, 1);
        time.Advance(TimeSpan.FromSeconds(31));
        simulator.Tick();

        var failed = await client.BatchV1.ReadNamespacedJobAsync("broken", "apps");
        Assert.Equal(1, failed.Status.Failed);
        Assert.Contains(failed.Status.Conditions, c => c.Type == "Failed" && c.Status == "True");
        Assert.Equal("Failed", Assert.Single((await client.CoreV1.ListNamespacedPodAsync("apps")).Items).Status.Phase);
    }

    [Fact]
    public async Task KubectlLogsOfASimulatedJob_SaysNothingRan()
    {
        await client.BatchV1.CreateNamespacedJobAsync(Objects.Job("logged", "apps"), "apps");
        At(0, 1);
        var home = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gob-sim-home-{Guid.NewGuid():N}")).FullName;
        try
        {
            var logs = await new Kubectl.Kubectl(kubeconfig, home).OkAsync("logs", "job/logged", "-n", "apps");

            Assert.Contains("[simulated]", logs, StringComparison.Ordinal);
            Assert.Contains("ran no container", logs, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task ForbidConcurrency_DoesNotStartASecondJob_WhileOneIsActive()
    {
        var cronJob = Objects.CronJob("hourly", "apps", schedule: "0 * * * *");
        cronJob.Spec.ConcurrencyPolicy = "Forbid";
        await client.BatchV1.CreateNamespacedCronJobAsync(cronJob, "apps");

        At(1, 0);
        At(2, 0); // the first Job is still suspended, hence active

        Assert.Single((await client.BatchV1.ListNamespacedJobAsync("apps")).Items);
    }

    [Fact]
    public async Task BoundClaim_GetsAVolumeAttachmentOnItsNode()
    {
        cluster.State.Seed(new V1PersistentVolumeClaim
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            Metadata = new V1ObjectMeta { Name = "data", NamespaceProperty = "apps", Annotations = new Dictionary<string, string> { ["volume.kubernetes.io/selected-node"] = "node-a" } },
            Spec = new V1PersistentVolumeClaimSpec { VolumeName = "pvc-0001" },
            Status = new V1PersistentVolumeClaimStatus { Phase = "Bound" },
        });

        At(0, 1);

        var attachment = Assert.Single((await client.StorageV1.ListVolumeAttachmentAsync()).Items);
        Assert.Equal("node-a", attachment.Spec.NodeName);
        Assert.Equal("pvc-0001", attachment.Spec.Source.PersistentVolumeName);
        Assert.True(attachment.Status.Attached);
    }

    [Fact]
    public async Task SimulateOption_RunsTheLoopOnTheInjectedClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        await using var simulated = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions { Time = clock, Simulate = true, SimulatedJobDuration = TimeSpan.FromSeconds(5) });
        simulated.State.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"apps"}}""");
        simulated.State.Seed("""
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"run","namespace":"apps"},
             "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}
            """);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (simulated.State.Get("batch/v1", "Job", "apps", "run")?["status"]?["succeeded"] is null)
        {
            Assert.Null(simulated.SimulationError);
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, cts.Token);
        }

        Assert.Equal(["node-1", "node-2"], simulated.State.List("v1", "Node").Select(n => n["metadata"]!["name"]!.ToString()));
        Assert.Empty(simulated.Requests.Entries); // the simulation does not go through HTTP
    }
}
