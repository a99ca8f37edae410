using System.Text.Json.Nodes;
using GitOpsBackup.Cycle;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;
using GitOpsBackup.Tests.Reconciling;

namespace GitOpsBackup.Tests.Reporting;

/// <summary>
/// <c>status</c> from a hand-built cluster at noon: one app of each kind (ok, failed, running, waiting with
/// its reason, unplaceable, overdue, suspended, never succeeded), the nodes' running and queued Jobs, and
/// the night's clone with its summary. The table is compared as a whole, as a user sees it.
/// </summary>
public sealed class StatusReportTests
{
    private static readonly DateTimeOffset Noon = NightHarness.Utc("2026-12-03T12:00:00Z");
    private static readonly DateTimeOffset LongAgo = NightHarness.Utc("2026-11-01T00:00:00Z");

    private static DateTimeOffset At(string utc) => NightHarness.Utc(utc);

    /// <summary>The cluster at noon on 3 December 2026.</summary>
    private static LiveSnapshot Cluster()
    {
        var jellyfin = LiveJson.BackupJob("media", "jellyfin", "backup-jellyfin-1203", At("2026-12-03T02:00:00Z")).Pinned("node-1")
            .Started(At("2026-12-03T02:00:30Z")).Completed(At("2026-12-03T02:10:30Z"));
        var postgres = LiveJson.BackupJob("db", "postgres", "backup-postgres-1203", At("2026-12-03T00:30:00Z")).Pinned("node-2")
            .Started(At("2026-12-03T00:30:10Z")).Failed(At("2026-12-03T00:41:00Z"));
        var redisYesterday = LiveJson.BackupJob("db", "redis", "backup-redis-1202", At("2026-12-02T11:00:00Z")).Pinned("node-1")
            .Started(At("2026-12-02T11:00:05Z")).Completed(At("2026-12-02T11:05:00Z"));
        var redis = LiveJson.BackupJob("db", "redis", "backup-redis-1203", At("2026-12-03T11:00:00Z")).Pinned("node-1").Started(At("2026-12-03T11:45:00Z"));
        var forgejo = LiveJson.BackupJob("git", "forgejo", "backup-forgejo-1203", At("2026-12-03T11:30:00Z")).Pinned("node-1")
            .Waiting("node-1 runs 1 of 1: db/backup-redis-1203");
        var nextcloud = LiveJson.BackupJob("nextcloud", "nextcloud", "backup-nextcloud-1203", At("2026-12-03T03:00:00Z"))
            .Unplaceable("pvc db is on node-1, pvc files on node-2");
        var hass = LiveJson.BackupJob("home", "hass", "backup-hass-1202", At("2026-12-02T04:00:00Z")).Pinned("node-2")
            .Started(At("2026-12-02T08:50:00Z")).Completed(At("2026-12-02T09:00:00Z"));
        var immich = LiveJson.BackupJob("photos", "immich", "backup-immich-1203", At("2026-12-03T01:00:00Z")).Pinned("node-2").Started(At("2026-12-03T11:30:00Z"));
        var summary = new CycleSummary(new DateOnly(2026, 12, 3), "all 5 backups of the night finished", []).ToJson();
        var clone = LiveJson.CloneJob(new DateOnly(2026, 12, 3), At("2026-12-03T03:05:00Z"), summary).Completed(At("2026-12-03T03:40:00Z"));
        return new LiveSnapshot
        {
            CronJobs =
            [
                LiveJson.CronJob("media", "jellyfin", "0 2 * * *", LongAgo),
                LiveJson.CronJob("db", "postgres", "30 1 * * *", LongAgo, "Europe/Berlin").LastSuccessful(At("2026-12-02T13:00:00Z")),
                LiveJson.CronJob("db", "redis", "0 11 * * *", LongAgo, "UTC"),
                LiveJson.CronJob("git", "forgejo", "30 11 * * *", At("2026-12-03T09:00:00Z")),
                LiveJson.CronJob("nextcloud", "nextcloud", "0 3 * * *", LongAgo).LastSuccessful(At("2026-12-02T14:00:00Z")),
                LiveJson.CronJob("home", "hass", "0 4 * * *", LongAgo),
                LiveJson.CronJob("lab", "scratch", "0 5 * * *", At("2026-10-01T00:00:00Z"), suspend: true),
                LiveJson.CronJob("photos", "immich", "0 2 * * *", At("2026-12-01T00:00:00Z"), "Europe/Berlin"),
            ],
            Jobs = [jellyfin, postgres, redisYesterday, redis, forgejo, nextcloud, hass, immich, clone],
            Pods =
            [
                LiveJson.Pod(jellyfin, "node-1", 0),
                LiveJson.Pod(postgres, "node-2", 1),
                LiveJson.Pod(redisYesterday, "node-1", 0),
                LiveJson.Pod(redis, "node-1"),
                LiveJson.Pod(hass, "node-2", 0),
                LiveJson.Pod(immich, "node-2"),
            ],
        };
    }

    private static StatusReport Report() => StatusBuilder.Build(Cluster(), Noon, StatusBuilder.DefaultOverdue);

    [Fact]
    public void Table_ShowsEachAppInItsTimeZone_TheNodes_AndTonight()
    {
        var table = StatusPrinter.Table(Report());

        Assert.Equal("""
            NAMESPACE  APP        SCHEDULE                    NEXT RUN                 NODE    LAST RUN                 OUTCOME                                                LAST SUCCESS
            db         postgres   30 1 * * * (Europe/Berlin)  2026-12-04 01:30 +01:00  node-2  2026-12-03 01:30 +01:00  failed                                                 23h0m ago
            db         redis      0 11 * * * (UTC)            2026-12-04 11:00 +00:00  node-1  2026-12-03 11:45 +00:00  running                                                1d0h ago
            git        forgejo    30 11 * * * (UTC)           2026-12-04 11:30 +00:00  node-1  2026-12-03 11:30 +00:00  waiting: node-1 runs 1 of 1: db/backup-redis-1203      never
            home       hass       0 4 * * * (UTC)             2026-12-04 04:00 +00:00  node-2  2026-12-02 08:50 +00:00  ok                                                     1d3h ago OVERDUE
            lab        scratch    0 5 * * * (UTC)             suspended                -       -                        never                                                  never
            media      jellyfin   0 2 * * * (UTC)             2026-12-04 02:00 +00:00  node-1  2026-12-03 02:00 +00:00  ok                                                     9h49m ago
            nextcloud  nextcloud  0 3 * * * (UTC)             2026-12-04 03:00 +00:00  -       2026-12-03 03:00 +00:00  unplaceable: pvc db is on node-1, pvc files on node-2  22h0m ago
            photos     immich     0 2 * * * (Europe/Berlin)   2026-12-04 02:00 +01:00  node-2  2026-12-03 12:30 +01:00  running                                                never OVERDUE

            NODE    RUNNING                    QUEUED
            node-1  db/backup-redis-1203       git/backup-forgejo-1203
            node-2  photos/backup-immich-1203  -

            Tonight: 2 of 6 backups done (1 not ok); external clone: external-clone-20261203 succeeded (all 5 backups of the night finished)
            """ + "\n", table.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Json_CarriesTheSameFacts_InUtc()
    {
        var root = JsonNode.Parse(StatusPrinter.Json(Report()))!.AsObject();

        Assert.Equal("2026-12-03T12:00:00Z", (string?)root["at"]);
        var apps = root["apps"]!.AsArray().ToDictionary(a => $"{a!["namespace"]}/{a["app"]}", a => a!.AsObject(), StringComparer.Ordinal);
        Assert.Equal(["db/postgres", "db/redis", "git/forgejo", "home/hass", "lab/scratch", "media/jellyfin", "nextcloud/nextcloud", "photos/immich"], apps.Keys);

        var postgres = apps["db/postgres"];
        Assert.Equal(("30 1 * * *", "Europe/Berlin"), ((string?)postgres["schedule"], (string?)postgres["timeZone"]));
        Assert.Equal("2026-12-04T00:30:00Z", (string?)postgres["nextRun"]); // 01:30 in Berlin, written in UTC
        Assert.Equal(("failed", "backup-postgres-1203", "2026-12-03T00:30:10Z"), ((string?)postgres["lastOutcome"], (string?)postgres["lastJob"], (string?)postgres["lastRun"]));
        Assert.Equal("2026-12-02T13:00:00Z", (string?)postgres["lastSuccess"]); // from the CronJob's status: no Job of it succeeded

        var forgejo = apps["git/forgejo"];
        Assert.Equal("waiting: node-1 runs 1 of 1: db/backup-redis-1203", (string?)forgejo["lastOutcome"]);
        Assert.Equal("node-1", (string?)forgejo["node"]);
        Assert.Null(forgejo["lastSuccess"]);

        Assert.StartsWith("unplaceable: pvc db is on node-1", (string?)apps["nextcloud/nextcloud"]["lastOutcome"], StringComparison.Ordinal);
        Assert.Null(apps["nextcloud/nextcloud"]["node"]);
        Assert.Equal("2026-12-02T09:00:00Z", (string?)apps["home/hass"]["lastSuccess"]);
        Assert.Equal(["home/hass", "photos/immich"], apps.Where(a => (bool)a.Value["overdue"]!).Select(a => a.Key));
        Assert.True((bool)apps["lab/scratch"]["suspended"]!);
        Assert.Null(apps["lab/scratch"]["nextRun"]);
        Assert.Equal("running", (string?)apps["db/redis"]["lastOutcome"]);

        var nodes = root["nodes"]!.AsArray().ToDictionary(n => (string)n!["node"]!, n => n!, StringComparer.Ordinal);
        Assert.Equal(["node-1", "node-2"], nodes.Keys);
        Assert.Equal(["db/backup-redis-1203"], nodes["node-1"]["running"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(["git/backup-forgejo-1203"], nodes["node-1"]["queued"]!.AsArray().Select(q => (string?)q));
        Assert.Equal(["photos/backup-immich-1203"], nodes["node-2"]["running"]!.AsArray().Select(r => (string?)r));
        Assert.Empty(nodes["node-2"]["queued"]!.AsArray());

        var night = root["night"]!;
        Assert.Equal((2, 1, 6), ((int)night["done"]!, (int)night["failed"]!, (int)night["total"]!));
        Assert.Equal(("external-clone-20261203", "succeeded", "all 5 backups of the night finished"),
            ((string?)night["cloneJob"], (string?)night["cloneState"], (string?)night["cloneReason"]));
    }

    [Fact]
    public void Json_CarriesEachRunsLife_AndTheClones_ForTheTimeline()
    {
        var root = JsonNode.Parse(StatusPrinter.Json(Report()))!.AsObject();

        var runs = root["runs"]!.AsArray().ToDictionary(r => (string)r!["job"]!, r => r!.AsObject(), StringComparer.Ordinal);
        Assert.Equal(8, runs.Count);
        var postgres = runs["backup-postgres-1203"];
        Assert.Equal(("db", "postgres", "node-2", false), ((string?)postgres["namespace"], (string?)postgres["app"], (string?)postgres["node"], (bool)postgres["manual"]!));
        Assert.Equal(("2026-12-03T00:30:00Z", "2026-12-03T00:30:10Z", "2026-12-03T00:41:00Z", "failed"),
            ((string?)postgres["created"], (string?)postgres["admitted"], (string?)postgres["finished"], (string?)postgres["outcome"]));
        Assert.Equal(("waiting", null, null), ((string?)runs["backup-forgejo-1203"]["outcome"], (string?)runs["backup-forgejo-1203"]["admitted"], (string?)runs["backup-forgejo-1203"]["finished"]));
        Assert.Equal("unplaceable", (string?)runs["backup-nextcloud-1203"]["outcome"]);
        Assert.Equal("running", (string?)runs["backup-immich-1203"]["outcome"]);

        var clone = Assert.Single(root["clones"]!.AsArray())!;
        Assert.Equal(("external-clone-20261203", "2026-12-03", "node-3", "ok"), ((string?)clone["job"], (string?)clone["cycle"], (string?)clone["node"], (string?)clone["outcome"]));
        Assert.Equal(("2026-12-03T03:05:00Z", "2026-12-03T03:40:00Z"), ((string?)clone["created"], (string?)clone["finished"]));
        Assert.Null(clone["cycleStart"]); // a summary written before it carried the window
        Assert.Equal("2026-12-03", (string?)root["night"]!["cycle"]);
    }

    [Fact]
    public void NightWindow_FromTheRepo_WinsOverTheClonesSummary()
    {
        var window = new NightWindow(new DateOnly(2026, 12, 3), At("2026-12-02T23:00:00Z"), At("2026-12-03T07:00:00Z"));

        var night = StatusBuilder.Build(Cluster(), Noon, StatusBuilder.DefaultOverdue, window).Night;

        Assert.Equal((new DateOnly(2026, 12, 3), window.Start, window.LatestStart), (night.Cycle, night.CycleStart, night.LatestStart));
    }

    [Fact]
    public void Overdue_IsAfter26HoursWithoutSuccess_CountedFromCreationWhenThereWasNone()
    {
        var cronJobs = new LiveSnapshot
        {
            CronJobs =
            [
                LiveJson.CronJob("a", "just-in-time", "0 2 * * *", LongAgo).LastSuccessful(Noon.AddHours(-26)),
                LiveJson.CronJob("a", "late", "0 2 * * *", LongAgo).LastSuccessful(Noon.AddHours(-26).AddSeconds(-1)),
                LiveJson.CronJob("b", "new", "0 2 * * *", Noon.AddHours(-26)),
                LiveJson.CronJob("b", "old", "0 2 * * *", Noon.AddHours(-27)),
            ],
        };

        var overdue = StatusBuilder.Build(cronJobs, Noon, StatusBuilder.DefaultOverdue).Apps.Where(a => a.Overdue).Select(a => $"{a.Namespace}/{a.App}");

        Assert.Equal(["a/late", "b/old"], overdue);
    }

    [Fact]
    public void NoClone_SaysNotCreated_AndNoNodesPrintsADash()
    {
        var table = StatusPrinter.Table(StatusBuilder.Build(new LiveSnapshot { CronJobs = [LiveJson.CronJob("a", "app", "0 2 * * *", LongAgo)] }, Noon, StatusBuilder.DefaultOverdue));

        Assert.EndsWith("""
            NODE  RUNNING  QUEUED
            -     -        -

            Tonight: 0 of 0 backups done (0 not ok); external clone: not created

            """.ReplaceLineEndings("\n"), table.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(3599, "59m")]
    [InlineData(3600, "1h0m")]
    [InlineData(86399, "23h59m")]
    [InlineData(86400, "1d0h")]
    [InlineData(200000, "2d7h")]
    [InlineData(-5, "0s")] // a clock a little behind the Job's: never a negative age
    public void Age_ReadsLikeKubectl(int seconds, string expected) => Assert.Equal(expected, StatusPrinter.Age(TimeSpan.FromSeconds(seconds)));
}
