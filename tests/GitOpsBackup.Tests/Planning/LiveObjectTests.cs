using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Planning;

public sealed class LiveObjectTests
{
    private static LiveObject With(string? owner, string? appLabel)
    {
        var labels = new JsonObject { [Ownership.ManagedByLabel] = Ownership.ManagedByValue };
        if (appLabel is not null)
        {
            labels[Ownership.AppLabel] = appLabel;
        }

        var annotations = new JsonObject();
        if (owner is not null)
        {
            annotations[Ownership.OwnerAnnotation] = owner;
        }

        return LiveObject.FromJson(new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = new JsonObject { ["name"] = "backup-x", ["namespace"] = "live-ns", ["labels"] = labels, ["annotations"] = annotations },
        });
    }

    [Theory]
    [InlineData("HomelabBackup/media/jellyfin", null, "media", "jellyfin")]
    [InlineData("media/jellyfin", null, "media", "jellyfin")]
    [InlineData(null, "jellyfin", "live-ns", "jellyfin")]
    [InlineData("garbage", "jellyfin", "live-ns", "jellyfin")]
    public void App_ComesFromTheOwnerAnnotation_ElseTheAppLabel(string? owner, string? label, string ns, string name) =>
        Assert.Equal(new AppKey(ns, name), With(owner, label).App);

    [Fact]
    public void App_IsNull_ForRepoWideObjects() => Assert.Null(With(null, null).App);

    [Fact]
    public void IsOwned_NeedsTheLabelAndTheAnnotation()
    {
        Assert.True(With("HomelabBackup/a/b", null).IsOwned);
        Assert.False(With(null, "b").IsOwned);
    }
}
