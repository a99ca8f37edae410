using System.Text;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Service;
using GitOpsBackup.Source;
using GitOpsBackup.Tests.Reconciling;

namespace GitOpsBackup.Tests.Service;

/// <summary>/metrics' names and values: the names are a contract with the Grafana dashboard and the PrometheusRule.</summary>
public sealed class ServiceMetricsTests
{
    /// <summary>The contract (metrics-contract.md).</summary>
    public static readonly string[] ContractNames =
    [
        "gitops_backup_pass_duration_seconds", "gitops_backup_passes_total", "gitops_backup_revision_info", "gitops_backup_source_up",
        "gitops_backup_source_failures_total", "gitops_backup_api_requests_total", "gitops_backup_app_last_success_timestamp_seconds",
        "gitops_backup_app_last_outcome", "gitops_backup_app_last_duration_seconds", "gitops_backup_app_last_bytes_added", "gitops_backup_node_running_backups",
        "gitops_backup_node_queued_backups", "gitops_backup_night_backups", "gitops_backup_clone_last_outcome",
        "gitops_backup_clone_last_duration_seconds", "gitops_backup_clone_last_end_timestamp_seconds", "gitops_backup_leader",
    ];

    internal static async Task<string> ScrapeAsync(ServiceMetrics metrics)
    {
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        return Encoding.UTF8.GetString(text.ToArray());
    }

    private static string[] Samples(string scrape) =>
        [.. scrape.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))];

    [Fact]
    public async Task Scrape_ExportsEveryContractName_WithSamples()
    {
        var samples = Samples(await ScrapeAsync(MetricsSample.Fed()));

        Assert.All(ContractNames, name => Assert.Contains(samples, s => s.StartsWith(name + "{", StringComparison.Ordinal) || s.StartsWith(name + " ", StringComparison.Ordinal)
            || s.StartsWith(name + "_", StringComparison.Ordinal)));
        Assert.All(samples, s => Assert.StartsWith("gitops_backup_", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scrape_CarriesThePassesTheSourceAndTheCluster()
    {
        var samples = Samples(await ScrapeAsync(MetricsSample.Fed()));

        Assert.Contains("gitops_backup_passes_total{outcome=\"applied\"} 1", samples);
        Assert.Contains("gitops_backup_passes_total{outcome=\"source_failed\"} 2", samples);
        Assert.Contains("gitops_backup_revision_info{revision=\"main@sha1:0123456789ab\"} 1", samples);
        Assert.Contains("gitops_backup_source_up 0", samples);
        Assert.Contains("gitops_backup_source_failures_total{reason=\"unreachable\"} 1", samples); // the back-off's replay is not a second failure
        Assert.Contains("gitops_backup_api_requests_total{verb=\"apply\",code=\"200\"} 1", samples);
        Assert.Contains($"gitops_backup_app_last_success_timestamp_seconds{{namespace=\"media\",app=\"jellyfin\"}} {NightHarness.Utc("2026-12-03T02:10:30Z").ToUnixTimeSeconds()}", samples);
        Assert.Contains("gitops_backup_app_last_outcome{namespace=\"media\",app=\"jellyfin\",outcome=\"ok\"} 1", samples);
        Assert.Contains("gitops_backup_app_last_outcome{namespace=\"db\",app=\"postgres\",outcome=\"failed\"} 1", samples);
        Assert.Contains("gitops_backup_app_last_duration_seconds{namespace=\"media\",app=\"jellyfin\"} 600", samples);
        Assert.Contains("gitops_backup_app_last_bytes_added{namespace=\"media\",app=\"jellyfin\"} 52428800", samples);
        Assert.DoesNotContain(samples, s => s.StartsWith("gitops_backup_app_last_bytes_added{namespace=\"db\"", StringComparison.Ordinal)); // postgres failed; redis runs
        Assert.DoesNotContain(samples, s => s.Contains("app=\"redis\"", StringComparison.Ordinal) && s.StartsWith("gitops_backup_app_last_outcome", StringComparison.Ordinal)); // still running
        Assert.Contains("gitops_backup_node_running_backups{node=\"node-1\"} 1", samples);
        Assert.Contains("gitops_backup_node_queued_backups{node=\"node-1\"} 1", samples);
        Assert.Contains("gitops_backup_night_backups{state=\"failed\"} 1", samples);
        Assert.Contains("gitops_backup_clone_last_outcome{outcome=\"ok\"} 1", samples);
        Assert.Contains("gitops_backup_clone_last_duration_seconds 2100", samples);
        Assert.Contains("gitops_backup_leader 1", samples);
    }

    [Fact]
    public async Task Recovery_SetsSourceUp_AndARemovedApp_LeavesNoSeries()
    {
        var metrics = MetricsSample.Fed();
        metrics.OnPass(new PassOutcome { Kind = PassKind.NoChange, Revision = "main@sha1:0123456789ab" });
        var cluster = MetricsSample.Cluster();
        metrics.ObserveCluster(cluster with { CronJobs = [.. cluster.CronJobs.Skip(1)], Jobs = [.. cluster.Jobs.Skip(1)] }, MetricsSample.Noon);

        var samples = Samples(await ScrapeAsync(metrics));

        Assert.Contains("gitops_backup_source_up 1", samples);
        Assert.DoesNotContain(samples, s => s.Contains("jellyfin", StringComparison.Ordinal));
    }

    /// <summary>The sample cluster with restore drills: jellyfin's passed, postgres' last one failed after an earlier pass, redis has none.</summary>
    internal static LiveSnapshot WithDrills(LiveSnapshot live)
    {
        var longAgo = NightHarness.Utc("2026-11-01T00:00:00Z");
        return live with
        {
            CronJobs = [.. live.CronJobs, LiveJson.VerifyCronJob("media", "jellyfin", "0 5 * * 0", longAgo), LiveJson.VerifyCronJob("db", "postgres", "0 5 * * 0", longAgo)],
            Jobs =
            [
                .. live.Jobs,
                LiveJson.VerifyJob("media", "jellyfin", "verify-jellyfin-1", NightHarness.Utc("2026-11-29T05:00:00Z")).Completed(NightHarness.Utc("2026-11-29T05:30:00Z")),
                LiveJson.VerifyJob("db", "postgres", "verify-postgres-1", NightHarness.Utc("2026-11-22T05:00:00Z")).Completed(NightHarness.Utc("2026-11-22T05:10:00Z")),
                LiveJson.VerifyJob("db", "postgres", "verify-postgres-2", NightHarness.Utc("2026-11-29T05:00:00Z")).Failed(NightHarness.Utc("2026-11-29T05:12:00Z")),
            ],
        };
    }

    [Fact]
    public async Task Drills_ExportLastProvenRestorable_AndTheLastDrillsOutcome_PerApp()
    {
        var metrics = MetricsSample.Fed();
        metrics.ObserveCluster(WithDrills(MetricsSample.Cluster()), MetricsSample.Noon);

        var samples = Samples(await ScrapeAsync(metrics));

        Assert.Contains($"gitops_backup_app_last_verified_timestamp_seconds{{namespace=\"media\",app=\"jellyfin\"}} {NightHarness.Utc("2026-11-29T05:30:00Z").ToUnixTimeSeconds()}", samples);
        Assert.Contains($"gitops_backup_app_last_verified_timestamp_seconds{{namespace=\"db\",app=\"postgres\"}} {NightHarness.Utc("2026-11-22T05:10:00Z").ToUnixTimeSeconds()}", samples);
        Assert.Contains("gitops_backup_app_last_drill_outcome{namespace=\"media\",app=\"jellyfin\",outcome=\"passed\"} 1", samples);
        Assert.Contains("gitops_backup_app_last_drill_outcome{namespace=\"db\",app=\"postgres\",outcome=\"failed\"} 1", samples);
        Assert.DoesNotContain(samples, s => s.Contains("app=\"redis\"", StringComparison.Ordinal) && s.Contains("drill", StringComparison.Ordinal)); // no drill configured

        metrics.ObserveCluster(MetricsSample.Cluster(), MetricsSample.Noon); // drills removed from the repo
        Assert.DoesNotContain(Samples(await ScrapeAsync(metrics)), s => s.StartsWith("gitops_backup_app_last_drill_outcome", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bytes_added=12abc\n")]
    [InlineData("bytes_added=-5")]
    [InlineData("bytes_added=5\nbytes_added=6\n")]
    [InlineData("Fatal: unable to open repository\nbytes_added=7\n")]
    [InlineData(" bytes_added=8")]
    [InlineData("bytes_added=99999999999999999999")]
    [InlineData("")]
    public async Task BytesAdded_FromAMessageThatIsNotExactlyTheScriptsLine_IsNotExported(string message)
    {
        var cluster = MetricsSample.Cluster();
        var jellyfin = cluster.Jobs[0];
        var metrics = new ServiceMetrics();
        metrics.ObserveCluster(cluster with { Pods = [LiveJson.Pod(jellyfin, "node-1", 0, message), .. cluster.Pods.Skip(1)] }, MetricsSample.Noon);

        var samples = Samples(await ScrapeAsync(metrics));

        Assert.Contains("gitops_backup_app_last_outcome{namespace=\"media\",app=\"jellyfin\",outcome=\"ok\"} 1", samples);
        Assert.DoesNotContain(samples, s => s.StartsWith("gitops_backup_app_last_bytes_added", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BytesAdded_ComesFromTheLastSuccessfulRun_EvenAfterAFailedOne()
    {
        var cluster = MetricsSample.Cluster();
        var jellyfin = cluster.Jobs[0];
        var retry = LiveJson.BackupJob("media", "jellyfin", "backup-jellyfin-manual", NightHarness.Utc("2026-12-03T09:00:00Z"))
            .Started(NightHarness.Utc("2026-12-03T09:00:05Z")).Failed(NightHarness.Utc("2026-12-03T09:01:00Z"));
        var metrics = new ServiceMetrics();
        metrics.ObserveCluster(cluster with { Jobs = [.. cluster.Jobs, retry], Pods = [.. cluster.Pods, LiveJson.Pod(retry, "node-1", 1, "bytes_added=1\n")] }, MetricsSample.Noon);

        var samples = Samples(await ScrapeAsync(metrics));

        Assert.Contains("gitops_backup_app_last_outcome{namespace=\"media\",app=\"jellyfin\",outcome=\"failed\"} 1", samples);
        Assert.Contains("gitops_backup_app_last_bytes_added{namespace=\"media\",app=\"jellyfin\"} 52428800", samples);
    }

    [Theory]
    [InlineData(SourceFailure.Unreachable, "unreachable")]
    [InlineData(SourceFailure.Timeout, "unreachable")]
    [InlineData(SourceFailure.AuthenticationFailed, "auth")]
    [InlineData(SourceFailure.HostKeyRejected, "auth")]
    [InlineData(SourceFailure.RefNotFound, "not_found")]
    [InlineData(SourceFailure.PathNotFound, "not_found")]
    [InlineData(SourceFailure.Corrupt, "invalid")]
    [InlineData(SourceFailure.Other, "other")]
    public void Reason_UsesTheContractsWords(SourceFailure failure, string reason) => Assert.Equal(reason, ServiceMetrics.Reason(failure));

    [Theory]
    [InlineData("GET", "/apis/batch/v1/cronjobs?labelSelector=x&limit=500", null, "list")]
    [InlineData("GET", "/apis/batch/v1/namespaces/app/cronjobs?watch=true&resourceVersion=5", null, "watch")]
    [InlineData("GET", "/apis/batch/v1/namespaces/app/jobs/backup-app-1", null, "get")]
    [InlineData("GET", "/api/v1/namespaces", null, "list")]
    [InlineData("GET", "/api/v1/namespaces/app", null, "get")]
    [InlineData("GET", "/api/v1/nodes?allowWatchBookmarks=true", null, "list")]
    [InlineData("POST", "/apis/batch/v1/namespaces/app/jobs", "application/json", "create")]
    [InlineData("PATCH", "/apis/batch/v1/namespaces/app/cronjobs/backup-app?fieldManager=gitops-backup", "application/apply-patch+yaml", "apply")]
    [InlineData("PATCH", "/apis/batch/v1/namespaces/app/jobs/backup-app-1", "application/merge-patch+json", "patch")]
    [InlineData("DELETE", "/apis/batch/v1/namespaces/app/cronjobs/backup-app", null, "delete")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/gob/leases/gitops-backup", "application/json", "update")]
    public void ApiVerb_NamesTheRequestAsRbacDoes(string method, string path, string? contentType, string verb) =>
        Assert.Equal(verb, ApiVerb.Of(new HttpMethod(method), new Uri("http://127.0.0.1:6443" + path), contentType));
}
