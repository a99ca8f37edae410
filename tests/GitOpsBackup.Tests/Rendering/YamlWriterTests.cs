using GitOpsBackup.Rendering;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>The renderer's own YAML writer against KubernetesClient's serializer, whose text (and so every spec hash) it must keep.</summary>
public sealed class YamlWriterTests
{
    [Fact]
    public void EveryRenderedObject_IsWrittenAsKubernetesYamlWritesIt()
    {
        var specs = new SpecLoader().Load(new DirectoryRepoTree(CheckoutPaths.SampleRepo));
        var sample = BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, "r1"));
        var apps = TestSpecs.Render([TestSpecs.Nextcloud(), TestSpecs.TwoPvcs(), TestSpecs.ReadAllFiles()], clone: TestSpecs.Clone(CloneMode.Volume));
        var device = TestSpecs.Render([TestSpecs.Nextcloud()], clone: TestSpecs.Clone(CloneMode.Device));
        var cycle = new DateOnly(2026, 11, 28);
        List<object> objects =
        [
            .. sample.Objects.Select(o => o.Resource), sample.CloneJob!.ForCycle(cycle).Resource,
            .. apps.Objects.Select(o => o.Resource), apps.CloneJob!.ForCycle(cycle).Resource, device.CloneJob!.ForCycle(cycle).Resource,
        ];

        Assert.True(objects.Count >= 12);
        Assert.All(objects, o => Assert.Equal(KubernetesYaml.Serialize(o), YamlWriter.Serialize(o)));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1.5e3")]
    [InlineData("0755")]
    [InlineData("yes")]
    [InlineData("On")]
    [InlineData("n")]
    [InlineData("0x1F")]
    [InlineData("1_000")]
    [InlineData("12:30")]
    [InlineData(".inf")]
    [InlineData("   ")]
    [InlineData("30 2 * * *")]
    [InlineData("H H(1-4) * * *")]
    [InlineData("a: b")]
    [InlineData("- item")]
    [InlineData(" leading space")]
    [InlineData("two\nlines\n")]
    [InlineData("trailing space ")]
    [InlineData("#comment")]
    [InlineData("quote's \"both\"")]
    [InlineData("ünïcödé")]
    public void StringsThatYamlCouldMisread_AreQuotedAsKubernetesYamlQuotesThem(string text)
    {
        var cronJob = new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta { Name = "x", Labels = new Dictionary<string, string> { ["k"] = text, [text] = "v" }, Annotations = new Dictionary<string, string>() },
            Spec = new V1CronJobSpec
            {
                Schedule = text,
                Suspend = false,
                StartingDeadlineSeconds = 60,
                JobTemplate = new V1JobTemplateSpec
                {
                    Spec = new V1JobSpec
                    {
                        Template = new V1PodTemplateSpec
                        {
                            Spec = new V1PodSpec
                            {
                                Containers = [new V1Container { Name = "c", Args = [text, "plain"], Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi"), ["cpu"] = new("1") } } }],
                                Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }],
                            },
                        },
                    },
                },
            },
        };

        Assert.Equal(KubernetesYaml.Serialize(cronJob), YamlWriter.Serialize(cronJob));
    }

    [Fact]
    public void AValueKindItDoesNotKnow_IsRefusedRatherThanGuessed()
    {
        var meta = new V1ObjectMeta { Name = "x", CreationTimestamp = new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc) };

        Assert.Throws<NotSupportedException>(() => YamlWriter.Serialize(meta));
    }
}
