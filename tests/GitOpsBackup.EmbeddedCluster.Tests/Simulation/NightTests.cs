using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Simulation;

/// <summary>A whole night the way the reconciler plays it, through the public surface only: CronJobs fire suspended Jobs, one update admits each, the clone runs last.</summary>
public sealed class NightTests
{
    private static readonly (string App, string Node)[] Apps = [("immich", "node-1"), ("nextcloud", "node-2"), ("paperless", "node-3")];

    private static V1CronJob BackupCronJob(string app)
    {
        var cronJob = Objects.CronJob($"backup-{app}", "apps", labels: new Dictionary<string, string> { [SimulationHints.AppLabel] = app });
        cronJob.Spec.TimeZone = "Europe/Berlin"; // 02:30 in Berlin is 01:30 UTC in November
        cronJob.Spec.ConcurrencyPolicy = "Forbid";
        cronJob.Spec.StartingDeadlineSeconds = 3600;
        cronJob.Spec.JobTemplate.Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { [SimulationHints.AppLabel] = app } };
        cronJob.Spec.JobTemplate.Spec.ActiveDeadlineSeconds = 6 * 3600;
        cronJob.Spec.JobTemplate.Spec.TtlSecondsAfterFinished = 3 * 24 * 3600;
        cronJob.Spec.JobTemplate.Spec.Template.Spec.Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = $"{app}-data", ReadOnlyProperty = true } }];
        return cronJob;
    }

    [Fact]
    public async Task ANight_CronJobsFire_JobsAreAdmittedToTheirVolumesNodes_AndFinish_ThenTheCloneRuns()
    {
        await using var sim = await SimulatedCluster.StartAsync(new EmbeddedClusterOptions
        {
            Nodes = 3,
            Seed = 3,
            SimulatedJobDuration = TimeSpan.FromMinutes(5),
            SimulatedJobDurationMax = TimeSpan.FromMinutes(40),
            FailApps = new HashSet<string> { "paperless" },
        });
        foreach (var (app, node) in Apps)
        {
            sim.State.SeedVolume("apps", $"{app}-data", node);
            sim.State.SeedAppPod("apps", app, node, $"{app}-data");
            await sim.Client.BatchV1.CreateNamespacedCronJobAsync(BackupCronJob(app), "apps");
        }

        sim.Play(TimeSpan.FromMinutes(91), TimeSpan.FromMinutes(1)); // to 01:31 UTC

        var waiting = (await sim.Client.BatchV1.ListNamespacedJobAsync("apps")).Items;
        Assert.Equal(3, waiting.Count);
        Assert.All(waiting, j => Assert.True(j.Spec.Suspend));
        Assert.All(waiting, j => Assert.Equal("2026-11-28T01:30:00Z", j.Metadata.Annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]));
        Assert.All(waiting, j => Assert.Contains(j.Status.Conditions, c => c.Type == "Suspended" && c.Status == "True"));

        // Admission: one update per Job pins it to the node its volume is attached to and unsuspends it.
        var attachments = (await sim.Client.StorageV1.ListVolumeAttachmentAsync()).Items;
        foreach (var job in waiting)
        {
            var app = job.Metadata.Labels[SimulationHints.AppLabel];
            var node = attachments.Single(a => a.Spec.Source.PersistentVolumeName == $"pvc-apps-{app}-data").Spec.NodeName;
            var admit = """{"spec":{"suspend":false,"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"NODE"}}}}}""".Replace("NODE", node, StringComparison.Ordinal);
            await sim.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch(admit, V1Patch.PatchType.MergePatch), job.Metadata.Name, "apps");
        }

        sim.Play(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

        foreach (var (app, node) in Apps)
        {
            var job = (await sim.Client.BatchV1.ListNamespacedJobAsync("apps", labelSelector: $"{SimulationHints.AppLabel}={app}")).Items.Single();
            var pod = Assert.Single(sim.PodsOf(job.Metadata.Name));
            Assert.Equal(node, pod["spec"]!["nodeName"]!.ToString());
            Assert.Equal(app == "paperless" ? "Failed" : "Complete", job.Status.Conditions.Single(c => c.Type is "Complete" or "Failed").Type);
            var cronJob = await sim.Client.BatchV1.ReadNamespacedCronJobAsync($"backup-{app}", "apps");
            Assert.True(cronJob.Status.Active is null or { Count: 0 });
            Assert.Equal(app != "paperless", cronJob.Status.LastSuccessfulTime is not null);
        }

        Assert.Equal(Apps.Select(a => a.Node), (await sim.Client.StorageV1.ListVolumeAttachmentAsync()).Items.OrderBy(a => a.Spec.Source.PersistentVolumeName).Select(a => a.Spec.NodeName));

        // The external clone: an ordinary Job, on the least busy node.
        var cloneJob = Objects.Job("external-clone-2026-11-28", "apps", image: "rclone/rclone:1.68");
        cloneJob.Metadata.Annotations = new Dictionary<string, string> { [SimulationHints.DurationAnnotation] = "50m" };
        await sim.Client.BatchV1.CreateNamespacedJobAsync(cloneJob, "apps");
        sim.Play(TimeSpan.FromMinutes(51), TimeSpan.FromMinutes(1));
        var clone = await sim.Client.BatchV1.ReadNamespacedJobAsync("external-clone-2026-11-28", "apps");
        Assert.Equal(1, clone.Status.Succeeded);

        // The next night fires again: the finished Jobs do not count as active for Forbid.
        sim.Play(TimeSpan.FromHours(24), TimeSpan.FromMinutes(5));
        var jobs = (await sim.Client.BatchV1.ListNamespacedJobAsync("apps", labelSelector: $"{SimulationHints.AppLabel}=immich")).Items;
        Assert.Contains(jobs, j => j.Metadata.Annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2026-11-29T01:30:00Z" && j.Spec.Suspend == true);
    }
}
