using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Simulation;

/// <summary>VolumeAttachments: seeded on a node, following the app's pod, never dragged along by a backup pod.</summary>
public sealed class VolumeAttacherTests
{
    private static JsonObject AttachmentOf(SimulatedCluster sim, string volume) =>
        Assert.Single(sim.State.List("storage.k8s.io/v1", "VolumeAttachment"), a => a["spec"]?["source"]?["persistentVolumeName"]?.ToString() == volume);

    private static string NodeOf(JsonObject attachment) => attachment["spec"]!["nodeName"]!.ToString();

    [Fact]
    public async Task SeedVolume_PlacesABoundClaimItsVolumeAndAnAttachmentOnTheNode()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 3 });

        var volume = sim.State.SeedVolume("apps", "nextcloud-data", "node-2");

        var claim = await sim.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("nextcloud-data", "apps");
        var pv = await sim.Client.CoreV1.ReadPersistentVolumeAsync(volume);
        var attachment = Assert.Single((await sim.Client.StorageV1.ListVolumeAttachmentAsync()).Items);
        Assert.Equal("Bound", claim.Status.Phase);
        Assert.Equal(volume, claim.Spec.VolumeName);
        Assert.Equal("node-2", claim.Metadata.Annotations["volume.kubernetes.io/selected-node"]);
        Assert.Equal("nextcloud-data", pv.Spec.ClaimRef.Name);
        Assert.Equal("node-2", attachment.Spec.NodeName);
        Assert.Equal(volume, attachment.Spec.Source.PersistentVolumeName);
        Assert.True(attachment.Status.Attached);

        sim.Play(TimeSpan.FromMinutes(1));
        Assert.Equal("node-2", NodeOf(AttachmentOf(sim, volume))); // nobody uses it elsewhere: it stays
    }

    [Fact]
    public async Task Attachment_FollowsTheAppPod_ToAnotherNode()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 3 });
        var volume = sim.State.SeedVolume("apps", "data", "node-1");
        sim.State.SeedAppPod("apps", "app", "node-1", "data");
        sim.Play(TimeSpan.FromSeconds(10));
        var before = AttachmentOf(sim, volume);
        Assert.Equal("node-1", NodeOf(before));

        sim.State.SeedAppPod("apps", "app", "node-3", "data"); // rescheduled
        sim.Play(TimeSpan.Zero);

        var after = AttachmentOf(sim, volume);
        Assert.Equal("node-3", NodeOf(after));
        Assert.NotEqual(before["metadata"]!["uid"]!.ToString(), after["metadata"]!["uid"]!.ToString()); // detached, then attached anew
    }

    [Fact]
    public async Task BackupPodOnAnotherNode_DoesNotMoveTheVolume()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 2, SimulatedJobDuration = TimeSpan.FromHours(1) });
        var volume = sim.State.SeedVolume("apps", "data", "node-1");
        await sim.CreateJobAsync("backup-app", "app", change: job =>
        {
            job.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-2" };
            job.Spec.Template.Spec.Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "data", ReadOnlyProperty = true } }];
        });

        sim.Play(TimeSpan.FromMinutes(5));

        Assert.Equal("node-2", Assert.Single(sim.PodsOf("backup-app"))["spec"]!["nodeName"]!.ToString());
        Assert.Equal("node-1", NodeOf(AttachmentOf(sim, volume)));
    }

    [Fact]
    public async Task BoundClaimWithoutAnAttachment_IsAttachedToItsSelectedNode_ThenFollowsItsPod()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions { Nodes = 2 });
        sim.State.Seed(new V1PersistentVolumeClaim
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            Metadata = new V1ObjectMeta { Name = "db", NamespaceProperty = "apps", Annotations = new Dictionary<string, string> { ["volume.kubernetes.io/selected-node"] = "node-2" } },
            Spec = new V1PersistentVolumeClaimSpec { VolumeName = "pvc-db" },
            Status = new V1PersistentVolumeClaimStatus { Phase = "Bound" },
        });

        sim.Play(TimeSpan.Zero);
        Assert.Equal("node-2", NodeOf(AttachmentOf(sim, "pvc-db")));

        sim.State.SeedAppPod("apps", "db", "node-1", "db");
        sim.Play(TimeSpan.Zero);
        Assert.Equal("node-1", NodeOf(AttachmentOf(sim, "pvc-db")));
    }
}
