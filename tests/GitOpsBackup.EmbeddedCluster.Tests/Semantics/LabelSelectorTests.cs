using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Semantics;

namespace GitOpsBackup.EmbeddedCluster.Tests.Semantics;

public sealed class LabelSelectorTests
{
    private static readonly JsonObject Labels = new() { ["app"] = "nextcloud", ["tier"] = "backup", ["empty"] = "" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=nextcloud", true)]
    [InlineData("app==nextcloud", true)]
    [InlineData("app=immich", false)]
    [InlineData("app!=immich", true)]
    [InlineData("app!=nextcloud", false)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (immich, nextcloud)", true)]
    [InlineData("app in (immich)", false)]
    [InlineData("app notin (immich)", true)]
    [InlineData("app notin (nextcloud,immich)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("tier", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!tier", false)]
    [InlineData("empty=", true)]
    [InlineData("app=nextcloud,tier=backup", true)]
    [InlineData("app=nextcloud, tier in (x,y)", false)]
    [InlineData("app in (nextcloud),!missing,tier", true)]
    public void Matches_LikeTheApiServer(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in nextcloud")]
    [InlineData("app=(x)")]
    [InlineData("=x")]
    [InlineData("app,,tier")]
    public void Rejects_MalformedSelectors(string selector) =>
        Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
}
