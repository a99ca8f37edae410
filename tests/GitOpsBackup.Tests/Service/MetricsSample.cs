using GitOpsBackup.Cycle;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Service;
using GitOpsBackup.Source;
using GitOpsBackup.Tests.Reconciling;

namespace GitOpsBackup.Tests.Service;

/// <summary>A <see cref="ServiceMetrics"/> fed as run feeds it: passes (one with a source failure), API requests, and a cluster with every kind of fact.</summary>
internal static class MetricsSample
{
    public static readonly DateTimeOffset Noon = NightHarness.Utc("2026-12-03T12:00:00Z");

    private static DateTimeOffset At(string utc) => NightHarness.Utc(utc);

    public static ServiceMetrics Fed()
    {
        var metrics = new ServiceMetrics();
        var down = new SourceResult.Failed(SourceFailure.Unreachable, "git://127.0.0.1/config.git (main): connection refused", null, Noon, 1);
        metrics.OnPass(new PassOutcome { Kind = PassKind.Applied, Revision = "main@sha1:0123456789ab", Duration = TimeSpan.FromMilliseconds(120) });
        metrics.OnPass(new PassOutcome { Kind = PassKind.SourceFailed, Revision = "main@sha1:0123456789ab", SourceError = down, Duration = TimeSpan.FromMilliseconds(40) });
        metrics.OnPass(new PassOutcome { Kind = PassKind.SourceFailed, Revision = "main@sha1:0123456789ab", SourceError = down, Duration = TimeSpan.FromMilliseconds(1) });
        metrics.ApiRequest("apply", "200");
        metrics.ApiRequest("watch", "200");
        metrics.ObserveCluster(Cluster(), Noon);
        return metrics;
    }

    /// <summary>jellyfin ok on node-1 (its script reported 52428800 bytes added), postgres failed on node-2 (reported 4096), redis running on node-1, forgejo waiting for node-1, and a finished clone.</summary>
    public static LiveSnapshot Cluster()
    {
        var longAgo = At("2026-11-01T00:00:00Z");
        var jellyfin = LiveJson.BackupJob("media", "jellyfin", "backup-jellyfin-1203", At("2026-12-03T02:00:00Z")).Pinned("node-1")
            .Started(At("2026-12-03T02:00:30Z")).Completed(At("2026-12-03T02:10:30Z"));
        var postgres = LiveJson.BackupJob("db", "postgres", "backup-postgres-1203", At("2026-12-03T00:30:00Z")).Pinned("node-2")
            .Started(At("2026-12-03T00:30:10Z")).Failed(At("2026-12-03T00:41:00Z"));
        var redis = LiveJson.BackupJob("db", "redis", "backup-redis-1203", At("2026-12-03T11:00:00Z")).Pinned("node-1").Started(At("2026-12-03T11:45:00Z"));
        var forgejo = LiveJson.BackupJob("git", "forgejo", "backup-forgejo-1203", At("2026-12-03T11:30:00Z")).Pinned("node-1").Waiting("node-1 runs 1 of 1");
        var summary = new CycleSummary(new DateOnly(2026, 12, 3), "all backups of the night finished", []).ToJson();
        var clone = LiveJson.CloneJob(new DateOnly(2026, 12, 3), At("2026-12-03T03:05:00Z"), summary).Started(At("2026-12-03T03:05:10Z")).Completed(At("2026-12-03T03:40:10Z"));
        return new LiveSnapshot
        {
            CronJobs =
            [
                LiveJson.CronJob("media", "jellyfin", "0 2 * * *", longAgo),
                LiveJson.CronJob("db", "postgres", "30 0 * * *", longAgo),
                LiveJson.CronJob("db", "redis", "0 11 * * *", longAgo),
                LiveJson.CronJob("git", "forgejo", "30 11 * * *", longAgo),
            ],
            Jobs = [jellyfin, postgres, redis, forgejo, clone],
            Pods = [LiveJson.Pod(jellyfin, "node-1", 0, "bytes_added=52428800\n"), LiveJson.Pod(postgres, "node-2", 1, "bytes_added=4096\n"), LiveJson.Pod(redis, "node-1")],
        };
    }
}
