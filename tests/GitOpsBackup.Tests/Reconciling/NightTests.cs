using System.Text.Json.Nodes;
using GitOpsBackup.Cycle;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;
using k8s;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>Whole nights on the embedded cluster with a fake clock: admission one per node, placement, and the clone.</summary>
public sealed class NightTests
{
    private static readonly DateTimeOffset Evening = NightHarness.Utc("2026-12-02T23:58:00Z");

    private static async Task<NightHarness> TwelveApps(int maxPerNode)
    {
        var namespaces = Enumerable.Range(1, 12).Select(i => $"ns-{i:00}").ToArray();
        var night = await NightHarness.StartAsync(Evening, 3, TimeSpan.FromMinutes(10), namespaces);
        night.Repo.Defaults(maxPerNode).Clone();
        for (var i = 1; i <= 12; i++)
        {
            night.Repo.App($"app-{i:00}", $"ns-{i:00}", "0 2 * * *");
            night.AttachVolume($"ns-{i:00}", "data", $"node-{(i % 3) + 1}");
        }

        night.UsePass();
        return night;
    }

    private static bool CloneFinished(NightHarness night) => night.Jobs("external-clone").Any(NightHarness.Finished);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task TwelveAppsOnThreeNodes_NeverRunMoreThanAllowedPerNode_EachOnItsVolumesNode(int maxPerNode)
    {
        await using var night = await TwelveApps(maxPerNode);

        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T07:00:00Z"), () => CloneFinished(night));

        var backups = night.Jobs();
        Assert.Equal(12, backups.Count);
        Assert.All(backups, j => Assert.True(NightHarness.Finished(j), $"{j["metadata"]!["name"]} did not finish"));
        Assert.Equal(3, night.PeakPerNode.Count);
        Assert.All(night.PeakPerNode, p => Assert.InRange(p.Value, 1, maxPerNode));
        Assert.Contains(night.PeakPerNode, p => p.Value == maxPerNode);
        foreach (var job in backups)
        {
            var ns = (string)job["metadata"]!["namespace"]!;
            var expected = $"node-{(int.Parse(ns[3..], System.Globalization.CultureInfo.InvariantCulture) % 3) + 1}";
            Assert.Equal(expected, NightHarness.PinnedNode(job));
        }

        Assert.Equal(12, night.Events("Admitted").Count);
    }

    [Fact]
    public async Task Clone_IsCreatedOnceAfterTheLastBackupFinished_NotBefore()
    {
        await using var night = await TwelveApps(1);

        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T07:00:00Z"), () => CloneFinished(night));

        var clone = Assert.Single(night.Jobs("external-clone"));
        Assert.Equal("external-clone-20261203", (string?)clone["metadata"]!["name"]);
        var created = NightHarness.Utc((string)clone["metadata"]!["creationTimestamp"]!);
        var lastFinished = night.Jobs().Max(j => NightHarness.Utc((string)j["status"]!["completionTime"]!));
        Assert.True(created >= lastFinished, $"clone created at {created:u}, before the last backup finished at {lastFinished:u}");
        Assert.True(created - lastFinished <= TimeSpan.FromMinutes(1), "the clone starts at the next pass after the last backup, not an hour later");
        var summary = CycleSummary.FromJson((string)clone["metadata"]!["annotations"]![CycleSummary.Annotation]!)!;
        Assert.Equal(12, summary.Done);
        Assert.Contains("finished", summary.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_MidCycle_CreatesExactlyOneClone()
    {
        await using var night = await TwelveApps(1);
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T02:35:00Z"));

        // A new process: nothing carried over but the cluster itself.
        night.Pass.Dispose();
        night.UsePass();
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T07:00:00Z"), () => CloneFinished(night));
        night.Pass.Dispose();
        night.UsePass();
        await night.PassAsync();

        Assert.Single(night.Jobs("external-clone"));
        Assert.All(night.Jobs(), j => Assert.True(NightHarness.Finished(j)));
    }

    [Fact]
    public async Task FailedBackup_StillLetsTheCloneRun_AndTheSummarySaysFailed()
    {
        await using var night = await NightHarness.StartAsync(Evening, 2, TimeSpan.FromMinutes(5), "a", "b");
        night.Repo.Defaults().Clone().App("good", "a", "0 2 * * *").App("bad", "b", "0 2 * * *");
        night.AttachVolume("a", "data", "node-1");
        night.AttachVolume("b", "data", "node-2");
        night.UsePass();
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T01:59:00Z"));
        await FailNextRun(night, "b", "bad");

        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T07:00:00Z"), () => night.Jobs("external-clone").Count > 0);

        var clone = Assert.Single(night.Jobs("external-clone"));
        var summary = CycleSummary.FromJson((string)clone["metadata"]!["annotations"]![CycleSummary.Annotation]!)!;
        Assert.Equal(2, summary.Total);
        Assert.Equal(1, summary.Failed);
    }

    [Fact]
    public async Task VolumesOnTwoNodes_AreUnplaceable_WithAnEventAndStatus_AndTheNightDoesNotHang()
    {
        await using var night = await NightHarness.StartAsync(Evening, 2, TimeSpan.FromMinutes(5), "split");
        night.Repo.Defaults().Clone().App("split", "split", "0 2 * * *", "db", "files");
        night.AttachVolume("split", "db", "node-1");
        night.AttachVolume("split", "files", "node-2");
        night.UsePass();

        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T03:00:00Z"), () => night.Jobs("external-clone").Count > 0);

        var job = Assert.Single(night.Jobs());
        Assert.Equal("true", job["spec"]!["suspend"]!.ToJsonString());
        var unplaceable = Assert.Single(night.Events("Unplaceable"));
        Assert.Equal("Warning", (string?)unplaceable["type"]);
        Assert.Contains("node-1", (string)unplaceable["message"]!, StringComparison.Ordinal);
        Assert.Contains("node-2", (string)unplaceable["message"]!, StringComparison.Ordinal);
        var live = await new StateLiveSource(night.Cluster.State).ReadAsync(night.Pass.State!, CancellationToken.None);
        var status = StatusBuilder.Build(live, night.Time.GetUtcNow(), StatusBuilder.DefaultOverdue);
        Assert.StartsWith("unplaceable:", Assert.Single(status.Apps).LastOutcome, StringComparison.Ordinal);
        var clone = Assert.Single(night.Jobs("external-clone"));
        Assert.True(NightHarness.Utc((string)clone["metadata"]!["creationTimestamp"]!) < NightHarness.Utc("2026-12-03T02:05:00Z"), "an unplaceable run counts as finished (failed) for the night");
    }

    [Fact]
    public async Task StuckBackup_TheCloneStartsAtTheLatestStart_SayingWhy()
    {
        await using var night = await NightHarness.StartAsync(Evening, 2, TimeSpan.FromMinutes(5), "ok", "stuck");
        night.Repo.Defaults().Clone(latest: "04:00").App("ok", "ok", "0 2 * * *").App("stuck", "stuck", "0 2 * * *");
        night.AttachVolume("ok", "data", "node-1");
        night.AddNode("node-down", ready: false);
        night.AttachVolume("stuck", "data", "node-down");
        night.UsePass();

        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T05:00:00Z"), () => night.Jobs("external-clone").Count > 0);

        var clone = Assert.Single(night.Jobs("external-clone"));
        Assert.Equal(NightHarness.Utc("2026-12-03T04:00:00Z"), NightHarness.Utc((string)clone["metadata"]!["creationTimestamp"]!));
        var summary = CycleSummary.FromJson((string)clone["metadata"]!["annotations"]![CycleSummary.Annotation]!)!;
        Assert.Contains("stuck/stuck", summary.Reason, StringComparison.Ordinal);
        var stuck = Assert.Single(night.Jobs(), j => (string?)j["metadata"]!["namespace"] == "stuck");
        Assert.Contains("node-down", (string)stuck["metadata"]!["annotations"]![JobAnnotations.Waiting]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AJobFollowsItsVolume_WhenTheVolumeMovesBetweenTwoNights()
    {
        await using var night = await NightHarness.StartAsync(Evening, 2, TimeSpan.FromMinutes(5), "app");
        night.Repo.Defaults().Clone().App("app", "app", "0 2 * * *");
        night.AttachVolume("app", "data", "node-1");
        night.UsePass();
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T03:00:00Z"));

        night.MoveAttachment("pv-app-data", "node-2");
        await night.RunUntilAsync(NightHarness.Utc("2026-12-04T03:00:00Z"));

        var nodes = night.Jobs().OrderBy(j => (string?)j["metadata"]!["name"], StringComparer.Ordinal).Select(NightHarness.PinnedNode).ToList();
        Assert.Equal(["node-1", "node-2"], nodes);
        Assert.Equal(2, night.Jobs("external-clone").Count);
    }

    [Fact]
    public async Task ManualRunsWhileOneWaits_LeaveAtMostOneWaitingPerApp()
    {
        await using var night = await NightHarness.StartAsync(Evening, 1, TimeSpan.FromMinutes(30), "big", "small");
        night.Repo.Defaults().App("big", "big", "0 2 * * *").App("small", "small", "0 3 * * *");
        night.AttachVolume("big", "data", "node-1");
        night.AttachVolume("small", "data", "node-1");
        night.UsePass();
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T02:05:00Z")); // big runs on node-1 until 02:30

        var cronJob = await night.Client.BatchV1.ReadNamespacedCronJobAsync("backup-small", "small");
        for (var i = 0; i < 3; i++)
        {
            night.Time.Advance(TimeSpan.FromMinutes(1));
            var manual = ManualRun.FromCronJob(cronJob, night.Time.GetUtcNow());
            await night.Client.BatchV1.CreateNamespacedJobAsync(manual, "small");
            await night.PassAsync();
        }

        var waiting = night.Jobs().Where(j => (string?)j["metadata"]!["namespace"] == "small").ToList();
        var only = Assert.Single(waiting);
        Assert.Contains("node-1 runs 1 of 1", (string)only["metadata"]!["annotations"]![JobAnnotations.Waiting]!, StringComparison.Ordinal);
        Assert.Equal(2, night.Events("Replaced").Count);

        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T02:40:00Z"));
        Assert.True(NightHarness.Finished(night.Jobs().Single(j => (string?)j["metadata"]!["namespace"] == "big")));
        Assert.Equal("false", night.Jobs().Single(j => (string?)j["metadata"]!["namespace"] == "small")["spec"]!["suspend"]!.ToJsonString());
    }

    [Theory]
    [InlineData("2026-03-28T22:58:00Z", "2026-03-29", 0)] // spring forward: 02:30 does not exist in Berlin that night
    [InlineData("2026-10-24T21:58:00Z", "2026-10-25", 1)] // fall back: 02:30 happens twice, the backup runs once
    public async Task DstNightsInBerlin_RunEachBackupAtMostOnce_AndStillClone(string start, string cycle, int runs)
    {
        await using var night = await NightHarness.StartAsync(NightHarness.Utc(start), 1, TimeSpan.FromMinutes(5), "app");
        night.Repo.Defaults(timeZone: "Europe/Berlin").Clone(timeZone: "Europe/Berlin").App("app", "app", "30 2 * * *");
        night.AttachVolume("app", "data", "node-1");
        night.UsePass();

        await night.RunUntilAsync(NightHarness.Utc(start).AddHours(8));

        Assert.Equal(runs, night.Jobs().Count);
        var clone = Assert.Single(night.Jobs("external-clone"));
        Assert.Equal($"external-clone-{cycle.Replace("-", "", StringComparison.Ordinal)}", (string?)clone["metadata"]!["name"]);
        Assert.All(night.Jobs(), j => Assert.True(NightHarness.Utc((string)clone["metadata"]!["creationTimestamp"]!) >= NightHarness.Utc((string)j["status"]!["completionTime"]!)));
    }

    [Fact]
    public async Task UnchangedNight_APassWritesNothing()
    {
        await using var night = await TwelveApps(1);
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T02:30:00Z"));
        night.Cluster.Requests.Reset();
        var serialised = night.Pass.ObjectsSerialised;

        var outcome = await night.PassAsync();

        Assert.Equal(PassKind.NoChange, outcome.Kind);
        Assert.False(outcome.Rendered);
        Assert.Equal(0, night.Cluster.Requests.Writes);
        Assert.Equal(serialised, night.Pass.ObjectsSerialised);
    }

    [Fact]
    public async Task OneChangedSpec_ParsesOneFile_RendersOneApp_AndWritesOneObject()
    {
        await using var night = await TwelveApps(1);
        await night.PassAsync();
        await night.PassAsync(); // the first pass only created: this one compares (and serialises) every object once
        var (parsed, rendered, serialised) = (night.Pass.FilesParsed, night.Pass.AppsRendered, night.Pass.ObjectsSerialised);
        night.Cluster.Requests.Reset();

        night.Repo.App("app-05", "ns-05", "0 3 * * *");
        var outcome = await night.PassAsync();

        Assert.True(outcome.Rendered);
        Assert.Equal(1, night.Pass.FilesParsed - parsed);
        Assert.Equal(1, night.Pass.AppsRendered - rendered);
        Assert.Equal(1, night.Pass.ObjectsSerialised - serialised);
        Assert.Equal(1, night.Cluster.Requests.Writes);
        Assert.Equal("0 3 * * *", (await night.Client.BatchV1.ReadNamespacedCronJobAsync("backup-app-05", "ns-05")).Spec.Schedule);
    }

    /// <summary>Makes the app's next Job fail, as the backup script does when restic fails.</summary>
    private static async Task FailNextRun(NightHarness night, string ns, string app)
    {
        var cronJob = await night.Client.BatchV1.ReadNamespacedCronJobAsync($"backup-{app}", ns);
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject { ["jobTemplate"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [EmbeddedCluster.SimulationHints.OutcomeAnnotation] = "Failed" } } } },
        };
        await night.Client.BatchV1.PatchNamespacedCronJobAsync(new k8s.Models.V1Patch(patch.ToJsonString(), k8s.Models.V1Patch.PatchType.MergePatch), cronJob.Metadata.Name, ns, fieldManager: "test-hand");
    }
}
