using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Simulation;

/// <summary>How a simulated Job runs and ends: seeded durations, exit codes, deadlines, TTL, suspension, placement.</summary>
public sealed class JobRunTests
{
    private static readonly string[] Apps = ["immich", "nextcloud", "paperless", "vaultwarden"];

    private static EmbeddedClusterOptions Night(int seed) => new()
    {
        Nodes = 2,
        Seed = seed,
        SimulatedJobDuration = TimeSpan.FromMinutes(10),
        SimulatedJobDurationMax = TimeSpan.FromMinutes(60),
    };

    /// <summary>Starts the four apps' Jobs at midnight, plays two hours, returns each Job's completionTime and pod name.</summary>
    private static async Task<Dictionary<string, (string? Completed, string Pod)>> PlayANightAsync(int seed)
    {
        await using var sim = await SimulatedCluster.StartAsync(Night(seed));
        foreach (var app in Apps)
        {
            await sim.CreateJobAsync($"backup-{app}", app);
        }

        sim.Play(TimeSpan.FromHours(2));
        return Apps.ToDictionary(
            app => app,
            app => (sim.Job($"backup-{app}")["status"]?["completionTime"]?.ToString(), Assert.Single(sim.PodsOf($"backup-{app}"))["metadata"]!["name"]!.ToString()));
    }

    [Fact]
    public async Task SameSeed_PlaysTheSameNight_AndDurationsStayWithinTheBounds()
    {
        var first = await PlayANightAsync(seed: 7);
        var second = await PlayANightAsync(seed: 7);
        var other = await PlayANightAsync(seed: 8);

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(kv => kv.Value.Completed), other.Select(kv => kv.Value.Completed));
        var durations = first.Values.Select(v => DateTimeOffset.Parse(v.Completed!, System.Globalization.CultureInfo.InvariantCulture) - SimulatedCluster.Midnight).ToList();
        Assert.All(durations, d => Assert.InRange(d, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(60)));
        Assert.True(durations.Distinct().Count() > 1, "the durations should differ between Jobs");
    }

    [Fact]
    public async Task WithoutAMaximum_EveryJobRunsTheFixedDuration()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 1, SimulatedJobDuration = TimeSpan.FromMinutes(3) });
        await sim.CreateJobAsync("a");
        await sim.CreateJobAsync("b");

        sim.Play(TimeSpan.FromMinutes(10));

        Assert.Equal("2026-11-28T00:03:00Z", sim.Job("a")["status"]!["completionTime"]!.ToString());
        Assert.Equal("2026-11-28T00:03:00Z", sim.Job("b")["status"]!["completionTime"]!.ToString());
    }

    [Fact]
    public async Task FailApps_FailTheirJobs_WithExitCode1_OthersComplete()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 2, FailApps = new HashSet<string> { "immich" } });
        await sim.CreateJobAsync("backup-immich", "immich");
        await sim.CreateJobAsync("backup-nextcloud", "nextcloud");

        sim.Play(TimeSpan.FromMinutes(1));

        var failed = sim.Job("backup-immich");
        var done = sim.Job("backup-nextcloud");
        Assert.True(SimulatedCluster.HasCondition(failed, "Failed", "BackoffLimitExceeded"));
        Assert.Null(failed["status"]!["completionTime"]);
        Assert.Equal(1, failed["status"]!["failed"]!.GetValue<int>());
        Assert.True(SimulatedCluster.HasCondition(done, "Complete", "CompletionsReached"));
        Assert.NotNull(done["status"]!["completionTime"]);
        var failedPod = Assert.Single(sim.PodsOf("backup-immich"));
        Assert.Equal("Failed", failedPod["status"]!["phase"]!.ToString());
        Assert.Equal(1, failedPod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(null, null, 0, "Completed", "Succeeded", "Complete")]
    [InlineData(SimulationHints.ExitCodeAnnotation, "0", 0, "Completed", "Succeeded", "Complete")]
    [InlineData(SimulationHints.ExitCodeAnnotation, "3", 3, "Error", "Failed", "Failed")]
    [InlineData(SimulationHints.ExitCodeAnnotation, "4", 4, "Error", "Failed", "Failed")]
    [InlineData(SimulationHints.OutcomeAnnotation, "Failed", 1, "Error", "Failed", "Failed")]
    public async Task FinishedPods_CarryTheContainersExitCodeAndReason(string? hint, string? value, int exitCode, string reason, string podPhase, string jobCondition)
    {
        await using var sim = await SimulatedCluster.StartAsync();
        await sim.CreateJobAsync("run", change: job =>
        {
            if (hint is not null)
            {
                // On the pod template, where a renderer would put it; the Job's own annotations work too.
                job.Spec.Template.Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [hint] = value! } };
            }
        });

        sim.Play(TimeSpan.FromMinutes(1));

        var pod = Assert.Single(sim.PodsOf("run"));
        var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal(exitCode, terminated["exitCode"]!.GetValue<int>());
        Assert.Equal(reason, terminated["reason"]!.ToString());
        Assert.Equal("2026-11-28T00:00:05Z", terminated["finishedAt"]!.ToString());
        Assert.Equal("backup", pod["status"]!["containerStatuses"]![0]!["name"]!.ToString());
        Assert.Equal(podPhase, pod["status"]!["phase"]!.ToString());
        Assert.Contains(sim.Job("run")["status"]!["conditions"]!.AsArray(), c => c!["type"]!.ToString() == jobCondition && c["status"]!.ToString() == "True");
    }

    [Theory]
    [InlineData("3", "PodFailurePolicy", "Container backup for pod apps/{pod} failed with exit code 3 matching FailJob rule at index 1")]
    [InlineData("5", "PodFailurePolicy", "Container backup for pod apps/{pod} failed with exit code 5 matching FailJob rule at index 1")]
    [InlineData("1", "BackoffLimitExceeded", "Job has reached the specified backoff limit")] // no rule matches: the default handling
    [InlineData("7", "BackoffLimitExceeded", "Job has reached the specified backoff limit")] // Ignore comes first for 7: not FailJob
    public async Task PodFailurePolicy_FailJobOnTheExitCode_NamesItselfInTheFailedCondition_AndTheTerminationMessageIsKept(string exitCode, string reason, string message)
    {
        await using var sim = await SimulatedCluster.StartAsync();
        await sim.CreateJobAsync("clone", change: job =>
        {
            job.Spec.PodFailurePolicy = new V1PodFailurePolicy
            {
                Rules =
                [
                    new V1PodFailurePolicyRule { Action = "Ignore", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [7] } },
                    new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { ContainerName = "backup", OperatorProperty = "In", Values = [3, 5, 7] } },
                ],
            };
            job.Metadata.Annotations = new Dictionary<string, string>
            {
                [SimulationHints.ExitCodeAnnotation] = exitCode,
                [SimulationHints.TerminationMessageAnnotation] = "outcome=partial reason=disk-full\n",
            };
        });

        sim.Play(TimeSpan.FromMinutes(1));

        var pod = Assert.Single(sim.PodsOf("clone"));
        var failed = Assert.Single(sim.Job("clone")["status"]!["conditions"]!.AsArray(), c => c!["type"]!.ToString() == "Failed")!;
        Assert.Equal((reason, message.Replace("{pod}", pod["metadata"]!["name"]!.ToString(), StringComparison.Ordinal)), (failed["reason"]!.ToString(), failed["message"]!.ToString()));
        Assert.Equal("outcome=partial reason=disk-full\n", pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["message"]!.ToString());
    }

    [Fact]
    public async Task RunningJob_PastItsActiveDeadline_FailsWithDeadlineExceeded_AndLosesItsPod()
    {
        await using var sim = await SimulatedCluster.StartAsync();
        await sim.CreateJobAsync("slow", change: job =>
        {
            job.Spec.ActiveDeadlineSeconds = 600;
            job.Metadata.Annotations = new Dictionary<string, string> { [SimulationHints.DurationAnnotation] = "2h" };
        });
        await sim.CreateJobAsync("quick", change: job =>
        {
            job.Spec.ActiveDeadlineSeconds = 600;
            job.Metadata.Annotations = new Dictionary<string, string> { [SimulationHints.DurationAnnotation] = "9m" };
        });

        sim.Play(TimeSpan.FromMinutes(9.5));
        Assert.Single(sim.PodsOf("slow"));
        Assert.False(SimulatedCluster.HasCondition(sim.Job("slow"), "Failed", "DeadlineExceeded"));

        sim.Play(TimeSpan.FromMinutes(1));

        var slow = sim.Job("slow");
        Assert.True(SimulatedCluster.HasCondition(slow, "Failed", "DeadlineExceeded"));
        Assert.Equal("2026-11-28T00:10:00Z", slow["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.ToString() == "Failed")!["lastTransitionTime"]!.ToString());
        Assert.Null(slow["status"]!["active"]);
        Assert.Equal(1, slow["status"]!["failed"]!.GetValue<int>());
        Assert.Empty(sim.PodsOf("slow"));
        Assert.True(SimulatedCluster.HasCondition(sim.Job("quick"), "Complete", "CompletionsReached"));
        var events = await sim.Client.CoreV1.ListNamespacedEventAsync("apps", fieldSelector: "involvedObject.name=slow");
        Assert.Contains(events.Items, e => e.Reason == "DeadlineExceeded" && e.Type == "Warning");
    }

    [Fact]
    public async Task FinishedJob_WithATtl_IsDeletedWithItsPods_ThatLongAfterItFinished()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 1, SimulatedJobDuration = TimeSpan.FromMinutes(1) });
        await sim.CreateJobAsync("expiring", change: job => job.Spec.TtlSecondsAfterFinished = 300);
        await sim.CreateJobAsync("kept");

        sim.Play(TimeSpan.FromMinutes(5.5)); // finished at 00:01, expires at 00:06
        Assert.NotNull(sim.State.Get("batch/v1", "Job", "apps", "expiring"));

        sim.Play(TimeSpan.FromMinutes(1));

        Assert.Null(sim.State.Get("batch/v1", "Job", "apps", "expiring"));
        Assert.Empty(sim.PodsOf("expiring"));
        Assert.NotNull(sim.State.Get("batch/v1", "Job", "apps", "kept"));
        Assert.Single(sim.PodsOf("kept"));
    }

    [Fact]
    public async Task SuspendedJob_GetsTheSuspendedCondition_AndResumingIt_StartsAPod()
    {
        await using var sim = await SimulatedCluster.StartAsync();
        await sim.CreateJobAsync("waiting", suspend: true);

        sim.Play(TimeSpan.FromMinutes(1));
        Assert.True(SimulatedCluster.HasCondition(sim.Job("waiting"), "Suspended", "JobSuspended"));
        Assert.Null(sim.Job("waiting")["status"]!["startTime"]);
        Assert.Empty(sim.PodsOf("waiting"));

        await sim.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch("""{"spec":{"suspend":false}}""", V1Patch.PatchType.MergePatch), "waiting", "apps");
        sim.Play(TimeSpan.Zero);

        var resumed = sim.Job("waiting");
        Assert.Equal("2026-11-28T00:01:00Z", resumed["status"]!["startTime"]!.ToString());
        Assert.Contains(resumed["status"]!["conditions"]!.AsArray(), c => c!["type"]!.ToString() == "Suspended" && c["status"]!.ToString() == "False" && c["reason"]!.ToString() == "JobResumed");
        Assert.Equal("Running", Assert.Single(sim.PodsOf("waiting"))["status"]!["phase"]!.ToString());
    }

    [Fact]
    public async Task SuspendingAStartedJob_DeletesItsPod_AndResetsItsStartTime()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 1, SimulatedJobDuration = TimeSpan.FromHours(1) });
        await sim.CreateJobAsync("running");
        sim.Play(TimeSpan.FromMinutes(1));
        Assert.NotNull(sim.Job("running")["status"]!["startTime"]);

        await sim.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch("""{"spec":{"suspend":true}}""", V1Patch.PatchType.MergePatch), "running", "apps");
        sim.Play(TimeSpan.Zero);

        var suspended = sim.Job("running");
        Assert.Null(suspended["status"]!["startTime"]);
        Assert.Null(suspended["status"]!["active"]);
        Assert.True(SimulatedCluster.HasCondition(suspended, "Suspended", "JobSuspended"));
        Assert.Empty(sim.PodsOf("running"));
    }

    [Fact]
    public async Task Pods_LandOnTheirPinnedNode_OrTheLeastBusyNode()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 3, SimulatedJobDuration = TimeSpan.FromHours(1) });
        await sim.CreateJobAsync("a-pinned", change: job => job.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-3" });
        foreach (var name in new[] { "b", "c", "d" })
        {
            await sim.CreateJobAsync(name);
        }

        sim.Play(TimeSpan.Zero);

        string NodeOf(string job) => Assert.Single(sim.PodsOf(job))["spec"]!["nodeName"]!.ToString();
        Assert.Equal("node-3", NodeOf("a-pinned"));
        Assert.Equal("node-1", NodeOf("b"));
        Assert.Equal("node-2", NodeOf("c"));
        Assert.Equal("node-1", NodeOf("d")); // all equally busy: by name
    }

    [Fact]
    public async Task PodPinnedToAMissingNode_StaysPending_AndRunsOnceTheNodeExists()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 1, SimulatedJobDuration = TimeSpan.FromMinutes(5) });
        await sim.CreateJobAsync("elsewhere", change: job => job.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-9" });

        sim.Play(TimeSpan.FromMinutes(10));
        var pending = Assert.Single(sim.PodsOf("elsewhere"));
        Assert.Equal("Pending", pending["status"]!["phase"]!.ToString());
        Assert.Null(pending["spec"]!["nodeName"]);
        var events = await sim.Client.CoreV1.ListNamespacedEventAsync("apps", fieldSelector: $"involvedObject.name={pending["metadata"]!["name"]}");
        Assert.Contains(events.Items, e => e.Reason == "FailedScheduling");

        sim.State.Seed(new V1Node { ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = "node-9" } });
        sim.Play(TimeSpan.FromMinutes(4));
        Assert.Equal("node-9", Assert.Single(sim.PodsOf("elsewhere"))["spec"]!["nodeName"]!.ToString());
        Assert.Null(sim.Job("elsewhere")["status"]!["completionTime"]); // the run time counts from the pod's start

        sim.Play(TimeSpan.FromMinutes(2));
        Assert.Equal("2026-11-28T00:15:00Z", sim.Job("elsewhere")["status"]!["completionTime"]!.ToString());
    }

    [Fact]
    public async Task Nodes_CreatesThatManyReadyNodes_AndTickWorksWithoutTheBackgroundLoop()
    {
        await using var three = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 3 });
        await using var none = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions());
        await using var defaults = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Simulate = true });

        var nodes = (await three.Client.CoreV1.ListNodeAsync()).Items;

        Assert.Equal(["node-1", "node-2", "node-3"], nodes.Select(n => n.Metadata.Name));
        Assert.All(nodes, n => Assert.Contains(n.Status.Conditions, c => c.Type == "Ready" && c.Status == "True"));
        Assert.All(nodes, n => Assert.Equal(n.Metadata.Name, n.Metadata.Labels["kubernetes.io/hostname"]));
        Assert.Empty(none.State.List("v1", "Node"));
        Assert.Equal(["node-1", "node-2"], defaults.State.List("v1", "Node").Select(n => n["metadata"]!["name"]!.ToString()));
        await none.CreateJobAsync("no-node");
        none.Play(TimeSpan.FromMinutes(1));
        Assert.Equal("Pending", Assert.Single(none.PodsOf("no-node"))["status"]!["phase"]!.ToString());
    }

    [Fact]
    public async Task DeletedPodOfARunningJob_IsReplaced_UnderANewName()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 1, SimulatedJobDuration = TimeSpan.FromHours(1) });
        await sim.CreateJobAsync("run");
        sim.Play(TimeSpan.Zero);
        var first = Assert.Single(sim.PodsOf("run"))["metadata"]!["name"]!.ToString();

        Assert.True(sim.State.Remove("v1", "Pod", "apps", first));
        sim.Play(TimeSpan.Zero);

        var second = Assert.Single(sim.PodsOf("run"))["metadata"]!["name"]!.ToString();
        Assert.NotEqual(first, second);
        Assert.StartsWith("run-", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodOrphanedByDeletingItsJob_RunsToItsEnd_AsTheKubeletWould()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 1, SimulatedJobDuration = TimeSpan.FromMinutes(10), FailApps = new HashSet<string> { "immich" } });
        await sim.CreateJobAsync("backup-immich", change: job => job.Spec.Template.Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { [SimulationHints.AppLabel] = "immich" } });
        sim.Play(TimeSpan.FromMinutes(1));

        await sim.Client.BatchV1.DeleteNamespacedJobAsync("backup-immich", "apps"); // batch/v1 default: the pod is orphaned
        sim.Play(TimeSpan.FromMinutes(8));
        Assert.Equal("Running", Assert.Single(sim.PodsOf("backup-immich"))["status"]!["phase"]!.ToString());

        sim.Play(TimeSpan.FromMinutes(2));
        var pod = Assert.Single(sim.PodsOf("backup-immich"));
        Assert.Equal("Failed", pod["status"]!["phase"]!.ToString());
        Assert.Equal(1, pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Empty(pod["metadata"]!["ownerReferences"]?.AsArray() ?? []);
    }
}
