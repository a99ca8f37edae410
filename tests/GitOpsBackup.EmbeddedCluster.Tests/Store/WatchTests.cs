using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Store;

public sealed class WatchTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Kubernetes client = fixture.Client;

    [Fact]
    public async Task WatchFromAResourceVersion_SeesLaterEventsInOrder()
    {
        var ns = await fixture.NewNamespaceAsync();
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("before", ns), ns);
        var list = await client.BatchV1.ListNamespacedCronJobAsync(ns);

        using var cts = new CancellationTokenSource(Patience);
        var events = new List<(WatchEventType Type, string Name, string? Schedule)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in client.BatchV1.WatchListNamespacedCronJobAsync(ns, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                events.Add((type, item.Metadata.Name, item.Spec?.Schedule));
                if (events.Count == 3)
                {
                    break;
                }
            }
        });

        var created = await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("after", ns), ns);
        created.Spec.Schedule = "0 5 * * *";
        await client.BatchV1.ReplaceNamespacedCronJobAsync(created, "after", ns);
        await client.BatchV1.DeleteNamespacedCronJobAsync("after", ns);
        await watching.WaitAsync(cts.Token);

        Assert.Equal(
            [(WatchEventType.Added, "after", "30 2 * * *"), (WatchEventType.Modified, "after", "0 5 * * *"), (WatchEventType.Deleted, "after", "0 5 * * *")],
            events);
    }

    [Fact]
    public async Task WatchWithLabelSelector_SeesObjectsEnterAndLeave()
    {
        var ns = await fixture.NewNamespaceAsync();
        var rv = (await client.BatchV1.ListNamespacedCronJobAsync(ns)).Metadata.ResourceVersion;
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("plain", ns), ns);
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"metadata":{"labels":{"watched":"yes"}}}""", V1Patch.PatchType.MergePatch), "plain", ns);
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"metadata":{"labels":{"watched":null}}}""", V1Patch.PatchType.MergePatch), "plain", ns);

        var lines = await ReadWatchLines($"/apis/batch/v1/namespaces/{ns}/cronjobs?watch=true&resourceVersion={rv}&labelSelector=watched%3Dyes", 2);

        Assert.Equal(["ADDED", "DELETED"], lines.Select(l => l["type"]!.ToString()));
    }

    [Fact]
    public async Task DroppedWatch_ClosesTheStream()
    {
        // Its own cluster: DropWatches cuts every watch, and this test must know which one is open.
        await using var own = await EmbeddedKubernetes.StartAsync();
        using var ownClient = new Kubernetes(new KubernetesClientConfiguration { Host = own.BaseAddress.ToString() });
        using var cts = new CancellationTokenSource(Patience);
        var ended = Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var _ in ownClient.BatchV1.WatchListNamespacedCronJobAsync("default", onError: _ => { }, cancellationToken: cts.Token))
            {
                seen++;
            }

            return seen;
        });
        await WaitUntil(() => own.State.OpenWatches > 0, cts.Token);

        var dropped = own.Faults.DropWatches();
        // A cut connection: the client sees the stream end or a reset, like a real apiserver restart.
        var error = await Record.ExceptionAsync(() => ended.WaitAsync(cts.Token));

        Assert.True(error is null or HttpRequestException or IOException, $"unexpected {error}");
        Assert.Equal(1, dropped);
        Assert.Equal(0, own.State.OpenWatches);
        Assert.False(cts.IsCancellationRequested, "the stream ended because the server cut it, not because the test timed out");
    }

    [Fact]
    public async Task WatchFromAnExpiredResourceVersion_Gets410Expired()
    {
        await using var small = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions { WatchHistory = 3 });
        for (var i = 0; i < 6; i++)
        {
            small.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n{{{i}}}"}}""");
        }

        var lines = await ReadWatchLines("/api/v1/namespaces?watch=true&resourceVersion=1", 1, small.BaseAddress);

        Assert.Equal("ERROR", lines[0]["type"]!.ToString());
        Assert.Equal(410, lines[0]["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", lines[0]["object"]!["reason"]!.ToString());
    }

    [Fact]
    public async Task WatchWithoutResourceVersion_StartsWithTheCurrentObjects()
    {
        var ns = await fixture.NewNamespaceAsync();
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("one", ns), ns);
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("two", ns), ns);

        var lines = await ReadWatchLines($"/apis/batch/v1/namespaces/{ns}/cronjobs?watch=1", 2);

        Assert.Equal(["ADDED one", "ADDED two"], lines.Select(l => $"{l["type"]} {l["object"]!["metadata"]!["name"]}"));
    }

    private async Task<List<JsonNode>> ReadWatchLines(string path, int count, Uri? server = null)
    {
        using var http = new HttpClient { BaseAddress = server ?? fixture.Cluster.BaseAddress, Timeout = Patience };
        using var response = await http.GetAsync(new Uri(path + "&timeoutSeconds=5", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<JsonNode>();
        while (lines.Count < count && await reader.ReadLineAsync() is { } line)
        {
            lines.Add(JsonNode.Parse(line)!);
        }

        return lines;
    }

    private static async Task WaitUntil(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(20, ct);
        }
    }
}
