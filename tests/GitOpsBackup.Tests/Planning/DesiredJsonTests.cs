using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;

namespace GitOpsBackup.Tests.Planning;

public class DesiredJsonTests
{
    [Fact]
    public void SameRenderedObject_IsSerialisedOnce_EvenInANewDesiredObject()
    {
        var cache = new DesiredJson();
        var wanted = TestObjects.CronJob("ns", "app");

        var first = cache.Of(wanted);
        var again = cache.Of(wanted with { });

        Assert.Same(first, again);
        Assert.Equal(1, cache.Serialised);
    }

    [Fact]
    public void ReusedObject_WhoseRevisionMoved_HasTheNewRevisionInItsJson()
    {
        var cache = new DesiredJson();
        var wanted = TestObjects.CronJob("ns", "app", revision: "r1");
        cache.Of(wanted);

        // What the render cache does to an app it reuses in a new revision.
        wanted.Resource.Metadata.Annotations[Ownership.RevisionAnnotation] = "r2";
        var json = cache.Of(wanted);

        Assert.Equal("r2", (string?)json["metadata"]!["annotations"]![Ownership.RevisionAnnotation]);
        Assert.Equal(1, cache.Serialised);
    }

    [Fact]
    public void ReRenderedObject_GetsFreshJson()
    {
        var cache = new DesiredJson();
        cache.Of(TestObjects.CronJob("ns", "app", schedule: "0 1 * * *"));

        var json = cache.Of(TestObjects.CronJob("ns", "app", schedule: "0 3 * * *"));

        Assert.Equal("0 3 * * *", (string?)json["spec"]!["schedule"]);
        Assert.Equal(2, cache.Serialised);
    }
}
