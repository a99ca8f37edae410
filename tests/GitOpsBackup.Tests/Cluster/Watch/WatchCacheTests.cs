using System.Text.Json.Nodes;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Tests.Cluster.Watch;

public sealed class WatchCacheTests
{
    private const string OwnedJobs = "jobs.batch (app.kubernetes.io/managed-by=gitops-backup)";

    [Fact]
    public async Task Start_ListsEveryKind_WithApiVersionAndKind()
    {
        await using var h = await WatchHarness.StartAsync();
        var state = h.Cluster.State;
        state.CronJob("nightly");
        state.CronJob("not-ours", owned: false);
        state.Job("nightly-1");
        state.Job("not-ours", owned: false);
        state.Node("node-a");
        state.Volume("pv-a");
        state.Claim("data", "pv-a");
        state.Pod("app-0", "node-a", claim: "data");
        state.Attachment("att-a", "pv-a", "node-a");

        var cache = await h.StartCacheAsync(WatchedKind.Reconciler);

        Assert.True(cache.Synced);
        Assert.Equal(7, cache.Lists);
        Assert.Equal(0, cache.Relists);
        Assert.Equal(
            [
                ("default/nightly", "batch/v1", "CronJob"),
                ("default/nightly-1", "batch/v1", "Job"),
                ("default/app-0", "v1", "Pod"),
                ("default/data", "v1", "PersistentVolumeClaim"),
                ("pv-a", "v1", "PersistentVolume"),
                ("att-a", "storage.k8s.io/v1", "VolumeAttachment"),
                ("node-a", "v1", "Node"),
            ],
            WatchedKind.Reconciler.Select(kind => cache.Snapshot(kind).Single()).Select(o => (Name(o), (string?)o["apiVersion"], (string?)o["kind"])));
    }

    [Fact]
    public async Task Start_ListsInPages()
    {
        await using var h = await WatchHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            h.Cluster.State.Pod($"app-{i}", "node-a");
        }

        var cache = await h.StartCacheAsync([WatchedKind.Pods], WatchHarness.Options with { PageSize = 2 });

        Assert.Equal(["default/app-0", "default/app-1", "default/app-2", "default/app-3", "default/app-4"], cache.Snapshot(WatchedKind.Pods).Names());
        Assert.Equal(3, h.Cluster.Requests.Count("list", "pods"));
        Assert.Equal(1, cache.Lists);
    }

    [Fact]
    public async Task Watch_SeesAJobCreatedUpdatedAndDeleted()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var cache = await h.StartCacheAsync([WatchedKind.Jobs]);
        var jobs = h.Client.BatchV1;
        var empty = cache.Snapshot(WatchedKind.Jobs);

        var version = cache.Version;
        await jobs.CreateNamespacedJobAsync(OwnedJob("run-1"), "default", cancellationToken: patience.Token);
        await cache.WaitForChangeAsync(version, patience.Token);
        Assert.Equal(["default/run-1"], cache.Snapshot(WatchedKind.Jobs).Names());

        version = cache.Version;
        await jobs.PatchNamespacedJobAsync(new V1Patch("""{"metadata":{"annotations":{"step":"two"}}}""", V1Patch.PatchType.MergePatch), "run-1", "default", cancellationToken: patience.Token);
        await cache.WaitForChangeAsync(version, patience.Token);
        Assert.Equal("two", (string?)cache.Snapshot(WatchedKind.Jobs).Single()["metadata"]?["annotations"]?["step"]);

        version = cache.Version;
        await jobs.DeleteNamespacedJobAsync("run-1", "default", propagationPolicy: "Background", cancellationToken: patience.Token);
        await cache.WaitForChangeAsync(version, patience.Token);
        Assert.Empty(cache.Snapshot(WatchedKind.Jobs));

        Assert.Empty(empty); // a snapshot once taken never changes
    }

    [Fact]
    public async Task LabelSelector_KeepsOtherJobsOut_AndDropsAJobThatLosesTheLabel()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var cache = await h.StartCacheAsync([WatchedKind.Jobs]);

        // Events come in order: had the unlabelled Job got through, it would be here before ours.
        h.Cluster.State.Job("theirs", owned: false);
        h.Cluster.State.Job("ours");
        await WatchHarness.UntilAsync(cache, () => cache.Snapshot(WatchedKind.Jobs).Count > 0, patience.Token);
        Assert.Equal(["default/ours"], cache.Snapshot(WatchedKind.Jobs).Names());

        var version = cache.Version;
        h.Cluster.State.Job("ours", owned: false);
        await cache.WaitForChangeAsync(version, patience.Token);
        Assert.Empty(cache.Snapshot(WatchedKind.Jobs));
    }

    [Fact]
    public async Task CoreKinds_AreListedAndWatched()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        h.Cluster.State.Node("node-a");
        var cache = await h.StartCacheAsync([WatchedKind.Pods, WatchedKind.Nodes]);

        h.Cluster.State.Node("node-b");
        h.Cluster.State.Pod("app-0", "node-b");
        await WatchHarness.UntilAsync(cache, () => cache.Snapshot(WatchedKind.Nodes).Count == 2 && cache.Snapshot(WatchedKind.Pods).Count == 1, patience.Token);

        Assert.Equal(["node-a", "node-b"], cache.Snapshot(WatchedKind.Nodes).Names());
        var pod = cache.Snapshot(WatchedKind.Pods).Single();
        Assert.Equal(("default/app-0", "v1", "Pod", "node-b"), (Name(pod), (string?)pod["apiVersion"], (string?)pod["kind"], (string?)pod["spec"]?["nodeName"]));
    }

    [Fact]
    public async Task Idle_SendsNoRequestBeyondTheOpenWatches()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var cache = await h.StartCacheAsync(WatchedKind.Reconciler, WatchHarness.Options with { WatchTimeout = TimeSpan.FromHours(2) });
        await OnePerKindAsync(h, cache, "1", patience.Token); // every watch is open
        var (requests, watches) = (h.NonWatchRequests, cache.WatchesStarted);

        // An hour of nothing happening, a minute at a time, with passes reading the cache.
        for (var minute = 0; minute < 60; minute++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            foreach (var kind in WatchedKind.Reconciler)
            {
                _ = cache.Snapshot(kind);
            }
        }

        await OnePerKindAsync(h, cache, "2", patience.Token); // every watch still delivers

        Assert.Equal((7, 7), (requests, watches)); // the first lists, the first watches
        Assert.Equal(requests, h.NonWatchRequests);
        Assert.Equal(watches, cache.WatchesStarted);
    }

    [Fact]
    public async Task DroppedWatch_ReconnectsAfterABackoff_AndMissesNothing()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var cache = await h.StartCacheAsync([WatchedKind.Jobs]);
        await SeenAsync(cache, () => h.Cluster.State.Job("before"), patience.Token);

        Assert.Equal(1, h.Cluster.Faults.DropWatches());
        await h.Time.WaitForBackoffAsync(patience.Token);
        var version = cache.Version;
        h.Cluster.State.Job("while-down");

        // Still waiting out the back-off: no watch, so nothing new.
        Assert.Equal(1, cache.WatchesStarted);
        Assert.Equal(version, cache.Version);

        h.Time.Advance(WatchHarness.LongestBackoff);
        await cache.WaitForChangeAsync(version, patience.Token);

        Assert.Equal(["default/before", "default/while-down"], cache.Snapshot(WatchedKind.Jobs).Names());
        Assert.Equal(2, cache.WatchesStarted);
        Assert.Equal(1, cache.Lists); // resumed from its resourceVersion: no relist
        Assert.Equal($"WATCH {OwnedJobs}: connection lost", cache.LastError);
    }

    [Fact]
    public async Task WatchEndedByTheServer_ReopensAtOnce_FromTheLastVersionSeen()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var cache = await h.StartCacheAsync([WatchedKind.Jobs], WatchHarness.Options with { WatchTimeout = TimeSpan.FromSeconds(1) });
        await h.NextWatchAsync(patience.Token);
        var a = h.Cluster.State.Job("a");
        await WatchHarness.UntilAsync(cache, () => cache.Snapshot(WatchedKind.Jobs).Count == 1, patience.Token);

        // The server ends the watch after timeoutSeconds=1; the clock is never moved, so no back-off ran.
        var reopened = await h.NextWatchAsync(patience.Token);
        await SeenAsync(cache, () => h.Cluster.State.Job("b"), patience.Token);

        Assert.Contains($"resourceVersion={a["metadata"]!["resourceVersion"]}&", reopened.Query, StringComparison.Ordinal);
        Assert.Equal(["default/a", "default/b"], cache.Snapshot(WatchedKind.Jobs).Names());
        Assert.Equal(1, cache.Lists);
        Assert.Null(cache.LastError);
    }

    [Fact]
    public async Task CompactedHistory_Gone410_Relists_AndTheSnapshotIsRight()
    {
        await using var h = await WatchHarness.StartAsync(new EmbeddedClusterOptions { WatchHistory = 3 });
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var state = h.Cluster.State;
        state.Job("kept");
        state.Job("removed");
        var cache = await h.StartCacheAsync([WatchedKind.Jobs]);
        await SeenAsync(cache, () => state.Job("kept"), patience.Token); // a new version: the watch is open

        Assert.Equal(1, h.Cluster.Faults.DropWatches());
        await h.Time.WaitForBackoffAsync(patience.Token);
        state.Remove("batch/v1", "Job", "default", "removed");
        for (var i = 0; i < 5; i++)
        {
            state.Job($"new-{i}");
        }

        var version = cache.Version;
        h.Time.Advance(WatchHarness.LongestBackoff);
        await cache.WaitForChangeAsync(version, patience.Token);

        Assert.Equal(["default/kept", "default/new-0", "default/new-1", "default/new-2", "default/new-3", "default/new-4"], cache.Snapshot(WatchedKind.Jobs).Names());
        Assert.Equal((2, 1), (cache.Lists, cache.Relists));
        Assert.True(cache.Synced);
    }

    [Fact]
    public async Task WatchAnsweredHttp410_Relists()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var cache = await h.StartCacheAsync([WatchedKind.Jobs]);
        await SeenAsync(cache, () => h.Cluster.State.Job("a"), patience.Token);

        h.Cluster.Faults.Fail(410, verb: "watch", resource: "jobs");
        Assert.Equal(1, h.Cluster.Faults.DropWatches());
        await h.Time.WaitForBackoffAsync(patience.Token);
        h.Cluster.State.Job("b");
        var version = cache.Version;
        h.Time.Advance(WatchHarness.LongestBackoff);
        await cache.WaitForChangeAsync(version, patience.Token);

        Assert.Equal(["default/a", "default/b"], cache.Snapshot(WatchedKind.Jobs).Names());
        Assert.Equal(1, cache.Relists);
    }

    [Fact]
    public async Task FailingWatch_BacksOffEachTime_AndItsErrorHoldsNoSecret()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var cache = await h.StartCacheAsync([WatchedKind.Jobs]);
        await SeenAsync(cache, () => h.Cluster.State.Job("a"), patience.Token);

        h.Cluster.Faults.Fail(503, verb: "watch", resource: "jobs", times: 2);
        Assert.Equal(1, h.Cluster.Faults.DropWatches());
        h.Cluster.State.Job("b");
        var version = cache.Version;
        await h.Time.SkipBackoffAsync(patience.Token); // the drop
        await h.Time.SkipBackoffAsync(patience.Token); // first 503
        await h.Time.SkipBackoffAsync(patience.Token); // second 503
        await cache.WaitForChangeAsync(version, patience.Token);

        Assert.Equal(["default/a", "default/b"], cache.Snapshot(WatchedKind.Jobs).Names());
        Assert.Equal(2, cache.WatchesStarted);
        Assert.Equal(2, h.Cluster.Requests.Entries.Count(e => e is { Verb: "watch", StatusCode: 503 }));
        Assert.Equal(1, cache.Lists);
        Assert.Equal($"WATCH {OwnedJobs}: 503 ServiceUnavailable", cache.LastError);
    }

    [Fact]
    public async Task Resync_RelistsEveryKind_AndKeepsWatching()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        h.Cluster.State.Job("a");
        var cache = await h.StartCacheAsync([WatchedKind.Jobs, WatchedKind.Nodes]);
        var version = cache.Version;

        await cache.ResyncAsync(patience.Token);

        Assert.Equal((4, 2), (cache.Lists, cache.Relists));
        Assert.Equal(version, cache.Version); // nothing differed: no reason to wake a pass
        await SeenAsync(cache, () => h.Cluster.State.Job("b"), patience.Token);
        Assert.Equal(["default/a", "default/b"], cache.Snapshot(WatchedKind.Jobs).Names());
    }

    [Fact]
    public async Task Start_FailsOnAForbiddenList_WithNoSecretInTheMessage()
    {
        await using var h = await WatchHarness.StartAsync();
        h.Cluster.Faults.Fail(403, verb: "list", resource: "nodes");

        var error = await Assert.ThrowsAsync<ClusterApiException>(() => h.StartCacheAsync([WatchedKind.Jobs, WatchedKind.Nodes]));

        Assert.Equal((403, "LIST nodes: 403 Unknown"), (error.Status, error.Message));
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task Requests_CarryTheClientsCredentials()
    {
        await using var h = await WatchHarness.StartAsync();
        using var patience = new CancellationTokenSource(WatchHarness.Patience);
        var cache = await h.StartCacheAsync([WatchedKind.Jobs, WatchedKind.Nodes]);
        await SeenAsync(cache, () => h.Cluster.State.Job("a"), patience.Token);

        Assert.True(h.Authorizations.Count >= 3, $"{h.Authorizations.Count} requests: two lists and a watch at least");
        Assert.All(h.Authorizations, a => Assert.Equal($"Bearer {WatchHarness.Token}", a));
    }

    [Fact]
    public async Task WaitForChange_CompletesAtOnceForAnOlderVersion_AndOtherwiseWaits()
    {
        await using var h = await WatchHarness.StartAsync();
        h.Cluster.State.Job("a");
        var cache = await h.StartCacheAsync([WatchedKind.Jobs]);
        using var cancel = new CancellationTokenSource();

        var older = cache.WaitForChangeAsync(cache.Version - 1, cancel.Token);
        var current = cache.WaitForChangeAsync(cache.Version, cancel.Token);

        Assert.True(older.IsCompletedSuccessfully);
        Assert.False(current.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => current);
    }

    private static V1Job OwnedJob(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { [Ownership.ManagedByLabel] = Ownership.ManagedByValue } },
        Spec = new V1JobSpec
        {
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
            },
        },
    };

    /// <summary>Makes a change and waits for the cache to show it: proof the watch is open and caught up.</summary>
    private static async Task SeenAsync(WatchCache cache, Func<JsonObject> change, CancellationToken cancellationToken)
    {
        var version = cache.Version;
        change();
        await cache.WaitForChangeAsync(version, cancellationToken);
    }

    /// <summary>Adds one object of every reconciler kind and waits until the cache holds them all.</summary>
    private static async Task OnePerKindAsync(WatchHarness h, WatchCache cache, string suffix, CancellationToken cancellationToken)
    {
        var expected = cache.Snapshot(WatchedKind.Nodes).Count + 1;
        var state = h.Cluster.State;
        state.CronJob($"nightly-{suffix}");
        state.Job($"nightly-{suffix}");
        state.Node($"node-{suffix}");
        state.Volume($"pv-{suffix}");
        state.Claim($"data-{suffix}", $"pv-{suffix}");
        state.Pod($"app-{suffix}", $"node-{suffix}");
        state.Attachment($"att-{suffix}", $"pv-{suffix}", $"node-{suffix}");
        await WatchHarness.UntilAsync(cache, () => WatchedKind.Reconciler.All(k => cache.Snapshot(k).Count == expected), cancellationToken);
    }

    private static string Name(JsonObject o) => new[] { o }.Names()[0];
}
