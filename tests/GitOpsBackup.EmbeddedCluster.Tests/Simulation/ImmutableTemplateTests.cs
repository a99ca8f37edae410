using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Simulation;

/// <summary>
/// A real API server's rule for Job pod templates: while a Job is suspended and has never started
/// (no status.startTime), its scheduling directives, labels and annotations may change (this is
/// how the reconciler admits a Job: one update sets the node and unsuspends it); once it has
/// started, every template change is 422 "field is immutable".
/// </summary>
public sealed class ImmutableTemplateTests
{
    private const string Admit = """{"spec":{"suspend":false,"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-2"}}}}}""";

    public static TheoryData<string> TemplateChanges => new()
    {
        """{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-1"}}}}}""",
        """{"spec":{"template":{"spec":{"tolerations":[{"operator":"Exists"}]}}}}""",
        """{"spec":{"template":{"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"Exists"}]}]}}}}}}}""",
        """{"spec":{"template":{"metadata":{"labels":{"extra":"x"}}}}}""",
        """{"spec":{"template":{"metadata":{"annotations":{"extra":"x"}}}}}""",
    };

    private static async Task<SimulatedCluster> WithSuspendedJobAsync()
    {
        var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 2, SimulatedJobDuration = TimeSpan.FromHours(1) });
        await sim.CreateJobAsync("backup", "app", suspend: true);
        sim.Play(TimeSpan.FromSeconds(10)); // the Job controller has seen it suspended
        return sim;
    }

    private static Task<V1Job> PatchAsync(SimulatedCluster sim, string patch, V1Patch.PatchType type = V1Patch.PatchType.MergePatch) =>
        sim.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch(patch, type), "backup", "apps");

    [Theory]
    [InlineData("merge")]
    [InlineData("strategic")]
    [InlineData("put")]
    public async Task SuspendedJobThatNeverStarted_IsAdmittedByOneUpdate(string how)
    {
        await using var sim = await WithSuspendedJobAsync();

        V1Job admitted;
        if (how == "put")
        {
            var job = await sim.Client.BatchV1.ReadNamespacedJobAsync("backup", "apps");
            job.Spec.Suspend = false;
            job.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-2" };
            admitted = await sim.Client.BatchV1.ReplaceNamespacedJobAsync(job, "backup", "apps");
        }
        else
        {
            admitted = await PatchAsync(sim, Admit, how == "merge" ? V1Patch.PatchType.MergePatch : V1Patch.PatchType.StrategicMergePatch);
        }

        sim.Play(TimeSpan.Zero);

        Assert.False(admitted.Spec.Suspend);
        Assert.Equal("node-2", admitted.Spec.Template.Spec.NodeSelector["kubernetes.io/hostname"]);
        Assert.Equal("node-2", Assert.Single(sim.PodsOf("backup"))["spec"]!["nodeName"]!.ToString());
    }

    [Theory]
    [MemberData(nameof(TemplateChanges))]
    public async Task SuspendedJobThatNeverStarted_MayChangeSchedulingLabelsAndAnnotations(string change)
    {
        await using var sim = await WithSuspendedJobAsync();

        var changed = await PatchAsync(sim, change);

        Assert.True(changed.Spec.Suspend);
    }

    [Theory]
    [MemberData(nameof(TemplateChanges))]
    public async Task StartedJob_RefusesTemplateChanges_With422(string change)
    {
        await using var sim = await WithSuspendedJobAsync();
        await PatchAsync(sim, Admit);
        sim.Play(TimeSpan.Zero);
        Assert.NotNull(sim.Job("backup")["status"]!["startTime"]);

        var (code, message, status) = await Objects.FailureOf(() => PatchAsync(sim, change));

        Assert.Equal(422, code);
        Assert.Equal("Invalid", status["reason"]!.ToString());
        Assert.Contains("field is immutable", message, StringComparison.Ordinal);
        Assert.Contains(status["details"]!["causes"]!.AsArray(), c => c!["field"]!.ToString() == "spec.template");
    }

    [Fact]
    public async Task UnsuspendedJob_RefusesTemplateChanges_EvenBeforeItsPodStarts()
    {
        await using var sim = await WithSuspendedJobAsync();
        await PatchAsync(sim, Admit); // no simulation pass yet: no startTime

        var (code, _, _) = await Objects.FailureOf(() => PatchAsync(sim, """{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-1"}}}}}"""));

        Assert.Equal(422, code);
    }

    [Fact]
    public async Task StartedJob_MayBeSuspendedAgain_ThenPlacedAgainOnceItsStartTimeIsReset()
    {
        await using var sim = await WithSuspendedJobAsync();
        await PatchAsync(sim, Admit);
        sim.Play(TimeSpan.Zero);

        var suspended = await PatchAsync(sim, """{"spec":{"suspend":true}}""");
        var stillStarted = await Objects.FailureOf(() => PatchAsync(sim, """{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-1"}}}}}"""));
        sim.Play(TimeSpan.Zero); // the Job controller kills the pod and clears startTime, as Kubernetes does
        var moved = await PatchAsync(sim, """{"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-1"}}}}}""");

        Assert.True(suspended.Spec.Suspend);
        Assert.Equal(422, stillStarted.Code);
        Assert.Equal("node-1", moved.Spec.Template.Spec.NodeSelector["kubernetes.io/hostname"]);
    }

    [Fact]
    public async Task NonSchedulingTemplateChange_IsRefused_EvenWhileSuspended()
    {
        await using var sim = await WithSuspendedJobAsync();

        var (code, message, _) = await Objects.FailureOf(() => PatchAsync(sim, """{"spec":{"template":{"spec":{"containers":[{"name":"backup","image":"restic/restic:0.18"}]}}}}""", V1Patch.PatchType.StrategicMergePatch));

        Assert.Equal(422, code);
        Assert.Contains("field is immutable", message, StringComparison.Ordinal);
    }
}
