using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Specs;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>The external clone across the night and across nights: backups wait while it copies, and old clone Jobs go.</summary>
public sealed class CloneNightTests
{
    private static readonly DateTimeOffset Evening = NightHarness.Utc("2026-12-02T23:58:00Z");

    [Fact]
    public async Task ABackupThatFiresWhileTheCloneRuns_WaitsNamingTheClone_AndIsAdmittedOnceItFinished()
    {
        await using var night = await NightHarness.StartAsync(Evening, 3, TimeSpan.FromMinutes(5), "early", "late");
        // The night waits for early (01:00) only; late (04:00) is after the latest start, so it fires while the clone copies.
        night.Repo.Defaults().Clone(latest: "03:00").App("early", "early", "0 1 * * *").App("late", "late", "0 4 * * *");
        night.AttachVolume("early", "data", "node-1");
        night.AttachVolume("late", "data", "node-2");
        night.UsePass();
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T03:00:00Z"), () => night.Jobs("external-clone").Count > 0);
        var created = Assert.Single(night.Jobs("external-clone"));
        Assert.Equal("external-clone-20261203", (string?)created["metadata"]!["name"]);
        await CopyFor(night, created, "3h");

        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T04:03:00Z"));

        Assert.False(NightHarness.Finished(Assert.Single(night.Jobs("external-clone"))), "the clone copies until after 04:00");
        var late = LateJob(night);
        Assert.Equal("true", late["spec"]!["suspend"]!.ToJsonString());
        Assert.Equal("the external clone external-clone-20261203 is running", (string?)late["metadata"]!["annotations"]![JobAnnotations.Waiting]);
        Assert.Contains(night.Events("Waiting"), e => (string?)e["involvedObject"]?["name"] == (string?)late["metadata"]!["name"]
            && ((string?)e["message"])?.Contains("external-clone-20261203", StringComparison.Ordinal) == true);

        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T06:00:00Z"), () => LateJob(night)["spec"]!["suspend"]!.ToJsonString() == "false");

        var admittedAt = night.Time.GetUtcNow();
        var clone = Assert.Single(night.Jobs("external-clone"));
        Assert.True(NightHarness.Finished(clone), "admitted while the clone still ran");
        var cloneDone = NightHarness.Utc((string)clone["status"]!["completionTime"]!);
        Assert.InRange(admittedAt, cloneDone, cloneDone.AddMinutes(1)); // the pass right after, not an interval later
        late = LateJob(night);
        Assert.Equal("node-2", NightHarness.PinnedNode(late));
        Assert.Null(late["metadata"]!["annotations"]?[JobAnnotations.Waiting]);
        Assert.Contains(night.Events("Admitted"), e => (string?)e["involvedObject"]?["name"] == (string?)late["metadata"]!["name"]);
    }

    [Fact]
    public async Task OldCloneJobs_AreDeletedByTheReconcilerAfterThreeNights_LongBeforeTheirTtl()
    {
        await using var night = await NightHarness.StartAsync(Evening, 3, TimeSpan.FromMinutes(5), "app");
        night.Repo.Defaults().Clone().App("app", "app", "0 2 * * *");
        night.AttachVolume("app", "data", "node-1");
        night.UsePass();
        var kept = new List<string>();

        for (var day = 3; day <= 7; day++)
        {
            // Five-minute steps: five nights of one-minute passes would take long and test nothing more.
            await night.RunUntilAsync(NightHarness.Utc($"2026-12-0{day}T07:00:00Z"), step: TimeSpan.FromMinutes(5));
            kept.Add(string.Join(",", night.Jobs("external-clone").Select(j => ((string)j["metadata"]!["name"]!)["external-clone-".Length..]).Order(StringComparer.Ordinal)));
        }

        Assert.Equal(
        [
            "20261203",
            "20261203,20261204",
            "20261203,20261204,20261205",
            "20261204,20261205,20261206",
            "20261205,20261206,20261207",
        ], kept);
        Assert.Equal(7 * 24 * 3600, GitOpsBackup.Rendering.CloneJobRenderer.TtlSecondsAfterFinished); // so the TTL controller deleted none of them
        var deletes = night.Cluster.Requests.Entries
            .Where(e => e is { Verb: "delete", Resource: "jobs" } && e.Name?.StartsWith("external-clone-", StringComparison.Ordinal) == true)
            .Select(e => e.Name)
            .ToList();
        Assert.Equal(["external-clone-20261203", "external-clone-20261204"], deletes);
    }

    [Fact]
    public async Task PartialClone_IsReportedPartial_InStatusTheNightPageEventsAndTheNightPing()
    {
        await using var receiver = await HttpRecorder.StartAsync();
        await using var night = await NightHarness.StartAsync(Evening, 3, TimeSpan.FromMinutes(5), "app", "gitops-backup");
        night.Repo.Add("infrastructure/defaults.yaml", SpecTexts.Defaults + """
              notifications:
                night: {urlSecret: {name: notify, key: night-url}}

            """).Clone().App("app", "app", "0 1 * * *");
        await night.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "notify", NamespaceProperty = "gitops-backup" },
            Data = new Dictionary<string, byte[]> { ["night-url"] = System.Text.Encoding.UTF8.GetBytes($"{receiver.BaseUrl}/night") },
        }, "gitops-backup");
        night.AttachVolume("app", "data", "node-1");
        night.UsePass();
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T03:00:00Z"), () => night.Jobs("external-clone").Count > 0);
        var created = Assert.Single(night.Jobs("external-clone"));

        // The simulated clone.sh fills the disk: exit 3 and its termination message, as on a node.
        await Hint(night, created, new()
        {
            [SimulationHints.DurationAnnotation] = "20m",
            [SimulationHints.ExitCodeAnnotation] = "3",
            [SimulationHints.TerminationMessageAnnotation] = "outcome=partial reason=disk-full\n",
        });
        await night.RunUntilAsync(NightHarness.Utc("2026-12-03T04:00:00Z"), () => !receiver.Requests.IsEmpty);
        await night.PassAsync();

        var clone = Assert.Single(night.Jobs("external-clone"));
        var failed = Assert.Single((JsonArray)clone["status"]!["conditions"]!, c => (string?)c!["type"] == "Failed")!;
        Assert.Equal("PodFailurePolicy", (string?)failed["reason"]); // FailJob on exit 3, not retried
        Assert.Equal("partial (disk-full)", (string?)clone["metadata"]!["annotations"]![JobAnnotations.Outcome]);
        var events = night.Events("ClonePartial");
        var partial = Assert.Single(events);
        Assert.Equal(("Warning", "external-clone-20261203"), ((string?)partial["type"], (string?)partial["involvedObject"]?["name"]));
        Assert.StartsWith("partial (disk-full): the disk filled up", (string?)partial["message"], StringComparison.Ordinal);

        var live = await new StateLiveSource(night.Cluster.State).ReadAsync(RepoState.FromDesired("rev", new GitOpsBackup.Planning.DesiredState([])), CancellationToken.None);
        var report = StatusBuilder.Build(live, night.Time.GetUtcNow(), StatusBuilder.DefaultOverdue);
        Assert.Equal(("partial", "disk-full"), (report.Night.CloneState, report.Night.CloneOutcomeReason));
        Assert.Contains("external clone: external-clone-20261203 partial: disk-full (", StatusPrinter.Table(report), StringComparison.Ordinal);
        var json = JsonNode.Parse(StatusPrinter.Json(report))!;
        Assert.Equal(("partial", "disk-full"), ((string?)json["clones"]![0]!["outcome"], (string?)json["clones"]![0]!["outcomeReason"]));
        var page = NightPage.Render(NightViewBuilder.Build(report));
        Assert.Contains("External clone external-clone-20261203: partial: disk-full", page, StringComparison.Ordinal);
        Assert.Contains("data-outcome=\"partial\"", page, StringComparison.Ordinal);

        var ping = Assert.Single(receiver.Requests);
        Assert.Equal("POST /night/fail", ping.ToString());
        Assert.Contains("external clone backup-system/external-clone-20261203 is partial (disk-full)", ping.Body, StringComparison.Ordinal);
    }

    private static async Task Hint(NightHarness night, JsonObject job, Dictionary<string, string> hints)
    {
        var annotations = new JsonObject();
        foreach (var (key, value) in hints)
        {
            annotations[key] = value;
        }

        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } };
        await night.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            (string)job["metadata"]!["name"]!, (string)job["metadata"]!["namespace"]!, fieldManager: "test-hand");
    }

    private static JsonObject LateJob(NightHarness night) => Assert.Single(night.Jobs(), j => (string?)j["metadata"]!["namespace"] == "late");

    /// <summary>The simulated clone copies for <paramref name="duration"/> (a hint the simulator reads on each tick).</summary>
    private static async Task CopyFor(NightHarness night, JsonObject clone, string duration)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [SimulationHints.DurationAnnotation] = duration } },
        };
        await night.Client.BatchV1.PatchNamespacedJobAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            (string)clone["metadata"]!["name"]!, (string)clone["metadata"]!["namespace"]!, fieldManager: "test-hand");
    }
}
