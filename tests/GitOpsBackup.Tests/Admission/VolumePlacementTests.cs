using GitOpsBackup.Admission;
using static GitOpsBackup.Tests.Admission.AdmissionFixtures;

namespace GitOpsBackup.Tests.Admission;

public sealed class VolumePlacementTests
{
    // The evidence available for claim app/data (PV pv-1): attachment on node-att, pod on node-pod, affinity hostnames.
    [Theory]
    [InlineData(true, true, true, 1, "node-att", PlacementSource.VolumeAttachment)]
    [InlineData(true, false, true, 1, "node-pod", PlacementSource.Pod)] // an unattached VolumeAttachment is ignored
    [InlineData(false, false, true, 1, "node-pod", PlacementSource.Pod)]
    [InlineData(false, false, false, 1, "node-aff", PlacementSource.NodeAffinity)]
    [InlineData(false, false, false, 2, null, PlacementSource.Anywhere)] // two hostnames: affinity does not decide
    [InlineData(false, false, false, 0, null, PlacementSource.Anywhere)]
    [InlineData(true, false, false, 0, null, PlacementSource.Anywhere)]
    public void Of_TakesTheStrongestEvidence(bool attachment, bool attached, bool runningPod, int affinityHosts, string? node, PlacementSource source)
    {
        var facts = new PlacementFacts
        {
            Claims = [new ClaimFact("app", "data", "pv-1")],
            Attachments = attachment ? [new AttachmentFact("pv-1", "node-att", attached)] : [],
            Pods = runningPod ? [new PodFact("app", "app-0", "node-pod", Running: true, ["data"])] : [],
            Volumes = [new VolumeFact("pv-1", [.. new[] { "node-aff", "node-other" }.Take(affinityHosts)])],
        };

        var placement = VolumePlacement.Of("app", "data", facts);

        Assert.Equal(new Placement(node, source) { Pod = placement.Pod }, placement);
    }

    [Theory]
    [InlineData("other-ns", "data", "node-1", true)] // a pod in another namespace mounts another claim
    [InlineData("app", "other", "node-1", true)]
    [InlineData("app", "data", null, true)] // pending, not scheduled
    [InlineData("app", "data", "node-1", false)] // not running
    public void Of_IgnoresPodsThatDoNotHoldTheClaim(string podNamespace, string podClaim, string? podNode, bool running)
    {
        var facts = new PlacementFacts { Pods = [new PodFact(podNamespace, "p", podNode, running, [podClaim])] };

        Assert.Equal(Placement.Anywhere, VolumePlacement.Of("app", "data", facts));
    }

    [Fact]
    public void Of_NamesThePodThatMountsTheClaim()
    {
        var facts = new PlacementFacts { Pods = [new PodFact("app", "app-7d9f", "node-2", Running: true, ["data"])] };

        var placement = VolumePlacement.Of("app", "data", facts);

        Assert.Equal("pod app-7d9f", placement.Evidence);
        Assert.Equal("pvc data is mounted by pod app-7d9f on node-2", placement.Describe("data"));
    }

    [Fact]
    public void OfJob_IsUnplaceable_WhenClaimsAreOnTwoNodes_AndNamesBoth()
    {
        var facts = new PlacementFacts
        {
            Nodes = Nodes("node-1", "node-2"),
            Claims = [new ClaimFact("app", "pvc-a", "pv-a")],
            Attachments = [new AttachmentFact("pv-a", "node-1", Attached: true)],
            Pods = [new PodFact("app", "x", "node-2", Running: true, ["pvc-b"])],
        };

        var placement = VolumePlacement.OfJob(Waiting("app", 0, "pvc-a", "pvc-b"), facts);

        Assert.Equal(JobPlacementVerdict.Unplaceable, placement.Verdict);
        Assert.Equal("volumes on different nodes: pvc-a on node-1 (VolumeAttachment), pvc-b on node-2 (pod x)", placement.Reason);
    }

    [Fact]
    public void OfJob_PinsToTheNodeAllClaimsShare_WithTheStrongestEvidence()
    {
        var facts = new PlacementFacts
        {
            Nodes = Nodes("node-1", "node-2"),
            Claims = [new ClaimFact("app", "pvc-a", "pv-a"), new ClaimFact("app", "pvc-b", "pv-b")],
            Attachments = [new AttachmentFact("pv-b", "node-2", Attached: true)],
            Pods = [new PodFact("app", "x", "node-2", Running: true, ["pvc-a"])],
        };

        var placement = VolumePlacement.OfJob(Waiting("app", 0, "pvc-a", "pvc-b", "pvc-unplaced"), facts);

        Assert.Equal(new JobPlacement(JobPlacementVerdict.Pinned, "node-2", PlacementSource.VolumeAttachment, "pvc pvc-b is attached to node-2 (VolumeAttachment)"), placement);
    }

    [Theory]
    [InlineData(true, false, JobPlacementVerdict.Pinned, "pvc app-data is attached to node-1 (VolumeAttachment)")]
    [InlineData(false, false, JobPlacementVerdict.NodeUnavailable, "node-1 is not Ready; pvc app-data is attached to node-1 (VolumeAttachment)")]
    [InlineData(true, true, JobPlacementVerdict.NodeUnavailable, "node-1 is cordoned; pvc app-data is attached to node-1 (VolumeAttachment)")]
    public void OfJob_WaitsForANodeThatIsNotReadyOrCordoned(bool ready, bool unschedulable, JobPlacementVerdict verdict, string reason)
    {
        var facts = Attached([new NodeFact("node-1", ready, unschedulable)], ("app", "node-1"));

        var placement = VolumePlacement.OfJob(WaitingWithData("app", 0), facts);

        Assert.Equal(new JobPlacement(verdict, "node-1", PlacementSource.VolumeAttachment, reason), placement);
    }

    [Fact]
    public void OfJob_IsUnplaceable_WhenTheVolumesNodeIsNotInTheCluster()
    {
        var facts = Attached(Nodes("node-1"), ("app", "node-9"));

        var placement = VolumePlacement.OfJob(WaitingWithData("app", 0), facts);

        Assert.Equal(JobPlacementVerdict.Unplaceable, placement.Verdict);
        Assert.Equal("pvc app-data is attached to node-9 (VolumeAttachment), but the cluster has no node node-9", placement.Reason);
    }

    [Theory]
    [InlineData(new string[0], "it mounts no volumes")]
    [InlineData(new[] { "scratch" }, "its volumes can be mounted on any node")]
    public void OfJob_IsAnywhere_WhenNothingTiesItToANode(string[] claims, string reason)
    {
        var placement = VolumePlacement.OfJob(Waiting("app", 0, claims), new PlacementFacts { Nodes = Nodes("node-1") });

        Assert.Equal(new JobPlacement(JobPlacementVerdict.Anywhere, null, PlacementSource.Anywhere, reason), placement);
    }
}
