using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>The run loop's per-app render cache: same output as a fresh render, and only changed apps render again.</summary>
public sealed class AppRenderCacheTests
{
    private static readonly IReadOnlyList<HomelabBackup> Apps = [TestSpecs.Nextcloud(), TestSpecs.TwoPvcs(), TestSpecs.ReadAllFiles()];

    private static RenderResult Render(IReadOnlyList<HomelabBackup> apps, string revision, AppRenderCache? cache) =>
        BackupRenderer.Render(new RenderInput(TestSpecs.Set(apps), ClusterFacts.Unknown, revision), cache);

    [Fact]
    public void ANewRevision_ReusesEveryUnchangedApp_AndTheYamlIsByteIdenticalToAFreshRender()
    {
        var cache = new AppRenderCache();
        Render(Apps, "main@sha1:aaa", cache);

        var cached = Render(Apps, "main@sha1:bbb", cache);

        Assert.Equal(3, cache.Rendered);
        Assert.Equal(RenderedYaml.SerializeAll(Render(Apps, "main@sha1:bbb", null).Objects), RenderedYaml.SerializeAll(cached.Objects));
        Assert.All(cached.Objects, o => Assert.Equal("main@sha1:bbb", o.Resource.Metadata.Annotations[Ownership.RevisionAnnotation]));
    }

    [Fact]
    public void OneChangedApp_IsTheOnlyOneRenderedAgain()
    {
        var cache = new AppRenderCache();
        Render(Apps, "r1", cache);
        var changed = Apps.Select(a => a.Name == "immich" ? a with { Schedule = "0 5 * * *" } : a).ToList();

        var result = Render(changed, "r2", cache);

        Assert.Equal(4, cache.Rendered);
        Assert.Equal(RenderedYaml.SerializeAll(Render(changed, "r2", null).Objects), RenderedYaml.SerializeAll(result.Objects));
    }

    [Fact]
    public void ChangedDefaults_RenderEveryAppAgain()
    {
        var cache = new AppRenderCache();
        Render(Apps, "r1", cache);

        BackupRenderer.Render(new RenderInput(TestSpecs.Set(Apps, TestSpecs.Defaults(endpoint: "https://other.lan")), ClusterFacts.Unknown, "r2"), cache);

        Assert.Equal(6, cache.Rendered);
    }

    [Fact]
    public void ARemovedAndReaddedApp_IsRenderedAgain_NotServedStale()
    {
        var cache = new AppRenderCache();
        Render(Apps, "r1", cache);
        Render(Apps.Take(2).ToList(), "r2", cache);

        Render(Apps, "r3", cache);

        Assert.Equal(4, cache.Rendered);
    }
}
