using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

public sealed class RenderDeterminismTests
{
    private static IReadOnlyList<HomelabBackup> Apps => [TestSpecs.ReadAllFiles(), TestSpecs.Nextcloud(), TestSpecs.TwoPvcs()];

    [Fact]
    public void SameInput_GivesByteIdenticalYaml()
    {
        var first = TestSpecs.Render(Apps, clone: TestSpecs.Clone(CloneMode.Device));
        var second = TestSpecs.Render(Apps.Reverse().ToList(), clone: TestSpecs.Clone(CloneMode.Device));

        Assert.Equal(RenderedYaml.SerializeAll(first.Objects), RenderedYaml.SerializeAll(second.Objects));
        Assert.Equal(
            RenderedYaml.Serialize(first.CloneJob!.ForCycle(new DateOnly(2026, 11, 28))),
            RenderedYaml.Serialize(second.CloneJob!.ForCycle(new DateOnly(2026, 11, 28))));
    }

    [Fact]
    public void Objects_AreOrderedByNamespaceThenName()
    {
        var result = TestSpecs.Render(Apps);

        Assert.Equal(["media/backup-immich", "nextcloud/backup-nextcloud", "security/backup-vaultwarden"],
            result.Objects.Select(o => $"{o.Namespace}/{o.Name}"));
    }

    [Fact]
    public void CronJobs_RoundTripThroughKubernetesClientModels_WithoutLoss()
    {
        foreach (var desired in TestSpecs.Render(Apps).Objects)
        {
            var yaml = RenderedYaml.Serialize(desired);
            var parsed = KubernetesYaml.Deserialize<V1CronJob>(yaml);

            Assert.Equal(yaml, RenderedYaml.Serialize(new DesiredObject(desired.App, parsed)));
        }
    }

    [Fact]
    public void MultiDocumentOutput_LoadsBackIntoModels()
    {
        var yaml = RenderedYaml.SerializeAll(TestSpecs.Render(Apps).Objects);

        var loaded = KubernetesYaml.LoadAllFromString(yaml);

        Assert.Equal(3, loaded.Count);
        Assert.All(loaded, o => Assert.IsType<V1CronJob>(o));
    }

    [Theory]
    [InlineData(CloneMode.Device)]
    [InlineData(CloneMode.Volume)]
    public void CloneJob_RoundTripsThroughKubernetesClientModels_WithoutLoss(CloneMode mode)
    {
        var desired = TestSpecs.Render(Apps, clone: TestSpecs.Clone(mode)).CloneJob!.ForCycle(new DateOnly(2026, 11, 28));
        var yaml = RenderedYaml.Serialize(desired);

        var parsed = KubernetesYaml.Deserialize<V1Job>(yaml);

        Assert.Equal(yaml, RenderedYaml.Serialize(new DesiredObject(null, parsed)));
    }

    [Fact]
    public void SpecHash_IgnoresRevision_ButFollowsTheSpec()
    {
        static string Hash(RenderResult r) => r.Objects.Single().Resource.Metadata.Annotations[Ownership.SpecHashAnnotation];
        var atOne = TestSpecs.Render([TestSpecs.Nextcloud()], revision: "1111111");
        var atTwo = TestSpecs.Render([TestSpecs.Nextcloud()], revision: "2222222");
        var changed = TestSpecs.Render([TestSpecs.Nextcloud() with { Schedule = "45 2 * * *" }], revision: "2222222");

        Assert.Equal(Hash(atOne), Hash(atTwo));
        Assert.NotEqual(Hash(atOne), Hash(changed));
        Assert.Equal("2222222", atTwo.Objects.Single().Resource.Metadata.Annotations[Ownership.RevisionAnnotation]);
        Assert.Matches("^sha256:[0-9a-f]{64}$", Hash(atOne));
    }

    [Fact]
    public void CloneJobName_IsDeterministicPerCycle()
    {
        var template = TestSpecs.Render([TestSpecs.Nextcloud()], clone: TestSpecs.Clone(CloneMode.Device)).CloneJob!;

        var job = template.ForCycle(new DateOnly(2026, 11, 28));

        Assert.Equal("external-clone-20261128", job.Name);
        Assert.Equal("2026-11-28", job.Resource.Metadata.Labels[RenderedLabels.Cycle]);
        Assert.Equal("external-clone-20261129", template.ForCycle(new DateOnly(2026, 11, 29)).Name);
        Assert.Equal("external-clone", template.Template.Metadata.Name);
    }
}
