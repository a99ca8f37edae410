using GitOpsBackup.Rendering;
using GitOpsBackup.Restoring;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Rendering;

namespace GitOpsBackup.Tests.Restoring;

/// <summary>The dump restore planner's rules, table-driven, with sample-repo's paperless (a postgres dump) plus a sqlite, a mariadb and a command dump.</summary>
public sealed class DumpRestorePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<ResticSnapshot> Snapshots =
    [
        Snap("11aa22bb", "2026-11-30T02:10:00Z", "paperless-db"),
        Snap("33cc44dd", "2026-12-01T02:10:00Z", "paperless-db"),
        Snap("55ee66ff", "2026-12-02T02:10:00Z", "paperless-db"),
        Snap("77aa88bb", "2026-12-02T02:11:00Z", "sessions"),
        Snap("99cc00dd", "2026-12-02T02:12:00Z", "wiki"),
        Snap("12ab34cd", "2026-12-02T02:13:00Z", "queue"),
        Snap("deadbeef", "2026-12-02T02:09:00Z", null, volume: "paperless-data"),
        Snap("feedface", "2026-12-02T02:14:00Z", "paperless-db", host: "paperless.other"),
    ];

    [Fact]
    public void Paperless_DryRun_IntoANewDatabase_MatchesSnapshot_AndNamesNoPassword()
    {
        var plan = Planned(new RestoreRequest { Dump = "paperless-db", ToDatabase = "paperless_restore" });

        Assert.Equal("55ee66ff", plan.Snapshot.ShortId);
        Assert.Equal("the latest", plan.Choice);
        Assert.Equal(3, plan.SnapshotCount);
        Assert.Equal("paperless_restore", plan.Database);
        Assert.False(plan.InPlace);
        var text = DumpRestorePlanPrinter.Text(plan, applied: false);
        Snapshot.Verify("restore-paperless-dump-dry-run", text, "txt");
        Assert.Contains("from Secret paperless/paperless-postgres key password", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PGPASSWORD", text, StringComparison.Ordinal);

        // What was printed is what the Job runs: the same snapshot id, database and name.
        var job = DumpRestoreJobRenderer.Render(Paperless(), plan.Dump, plan.Snapshot.Id, plan.TargetDatabase, plan.Stamp, plan.InPlace);
        Assert.Equal(plan.JobName, job.Metadata.Name);
        var env = job.Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(plan.Snapshot.Id, env["RESTORE_SNAPSHOT"]);
        Assert.Equal("paperless_restore", env["RESTORE_DUMP_DATABASE"]);
        Assert.Equal("false", env["RESTORE_IN_PLACE"]);
        Assert.Null(env["RESTORE_DUMP_PASSWORD"]);
        RestrictedProfile.AssertRestricted(job.Spec.Template.Spec);
    }

    public static TheoryData<string, string, string, bool, string> Plans => new()
    {
        // case, snapshot picked, database or file, in place, a line of the plan
        { "as-of", "33cc44dd", "paperless_restore", false, "the newest at or before 2026-12-01 12:00:00 UTC; 3 snapshot(s) of this dump" },
        { "by-id", "11aa22bb", "paperless_restore", false, "asked for by id" },
        { "in-place-live", "55ee66ff", "paperless", true, "loads into the LIVE database paperless on paperless-postgres.paperless.svc:5432" },
        { "in-place-other", "55ee66ff", "scratch", true, "pg_dump wrote no DROP statements" },
        { "into-own-empty", "55ee66ff", "paperless", false, "it is the dump's own database: loaded only if it is empty" },
        { "mariadb-in-place", "99cc00dd", "wiki", true, "DROP TABLE IF EXISTS replaces each table" },
        { "sqlite", "77aa88bb", "data/sessions.db.restored-20261202-070000", false, "new file data/sessions.db.restored-20261202-070000 on PVC paperless/paperless-data" },
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Plans_TheSnapshotAndTarget(string name, string shortId, string target, bool inPlace, string line)
    {
        var db = new RestoreRequest { Dump = "paperless-db", ToDatabase = "paperless_restore" };
        var request = name switch
        {
            "as-of" => db with { AsOf = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero) },
            "by-id" => db with { SnapshotId = "11aa" },
            "in-place-live" => db with { ToDatabase = null, InPlace = true },
            "in-place-other" => db with { ToDatabase = "scratch", InPlace = true },
            "into-own-empty" => db with { ToDatabase = "paperless" },
            "mariadb-in-place" => new RestoreRequest { Dump = "wiki", InPlace = true },
            "sqlite" => new RestoreRequest { Dump = "sessions" },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var plan = Planned(request);

        Assert.Equal(shortId, plan.Snapshot.ShortId);
        Assert.Equal(target, plan.Dump.Engine == DumpEngine.Sqlite ? plan.SqliteCopy : plan.Database);
        Assert.Equal(inPlace, plan.InPlace);
        Assert.Contains(line, DumpRestorePlanPrinter.Text(plan, applied: true), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        // case, reason part, first step part
        { "unknown-dump", "paperless/paperless has no dump 'db' (spec apps/paperless/backup.yaml:", "give --dump one of: paperless-db, sessions, wiki, queue" },
        { "no-dumps", "paperless/paperless declares no dumps (spec apps/paperless/backup.yaml:", "add one under spec.dumps in apps/paperless/backup.yaml" },
        { "no-target", "say which database to load postgres dump paperless-db (apps/paperless/backup.yaml:", "createdb --host paperless-postgres.paperless.svc --port 5432 --username paperless paperless_restore" },
        { "no-target-mariadb", "say which database to load mariadb dump wiki", "CREATE DATABASE wiki_restore" },
        { "no-snapshots", "holds no snapshot of paperless/paperless dump paperless-db (host paperless.paperless, tag dump=paperless-db)", "gitops-backup snapshots paperless -n paperless --dump paperless-db" },
        { "other-host-only", "holds no snapshot of paperless/paperless dump paperless-db", "gitops-backup backup paperless -n paperless" },
        { "volume-options", "--volume, --to-pvc, --to-bucket and --scale-down are for volumes", "--to-database NAME" },
        { "both-choices", "--snapshot and --as-of both choose the snapshot", "give one of them" },
        { "as-of-too-early", "no snapshot of dump paperless-db was taken at or before 2026-01-01 00:00:00 UTC", "the oldest is 11aa22bb" },
        { "unknown-id", "no snapshot of dump paperless-db has an id starting with 'beef'", "pick one of: 11aa22bb, 33cc44dd, 55ee66ff" },
        { "bad-database", "--to-database -x: not a plain database name", "1-63 letters" },
        { "sqlite-in-place", "sqlite dump sessions (paperless.yaml:9:7) is restored beside the live file", "move data/sessions.db.restored-<stamp> over data/sessions.db on PVC paperless/paperless-data" },
        { "sqlite-to-database", "is a file, not a database on a server", "drop --to-database" },
        { "command", "command dump queue (paperless.yaml:11:7) is restored by hand", "restic dump 12ab34cd /queue.dump > queue.dump" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refuses_WithTheReason_AndWhatToDo(string name, string reason, string step)
    {
        var app = Paperless();
        var db = new RestoreRequest { Dump = "paperless-db", ToDatabase = "paperless_restore" };
        var (request, snapshots) = name switch
        {
            "unknown-dump" => (db with { Dump = "db" }, Snapshots),
            "no-dumps" => (db, Snapshots),
            "no-target" => (db with { ToDatabase = null }, Snapshots),
            "no-target-mariadb" => (new RestoreRequest { Dump = "wiki" }, Snapshots),
            "no-snapshots" => (db, []),
            "other-host-only" => (db, Snapshots.Where(s => s.Host != app.ResticHost).ToList()),
            "volume-options" => (db with { Volume = "paperless-data" }, Snapshots),
            "both-choices" => (db with { SnapshotId = "11aa", AsOf = Now }, Snapshots),
            "as-of-too-early" => (db with { AsOf = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) }, Snapshots),
            "unknown-id" => (db with { SnapshotId = "beef" }, Snapshots),
            "bad-database" => (db with { ToDatabase = "-x" }, Snapshots),
            "sqlite-in-place" => (new RestoreRequest { Dump = "sessions", InPlace = true }, Snapshots),
            "sqlite-to-database" => (new RestoreRequest { Dump = "sessions", ToDatabase = "x" }, Snapshots),
            "command" => (new RestoreRequest { Dump = "queue" }, Snapshots),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        if (name == "no-dumps")
        {
            app = app with { App = app.App with { Dumps = [] } };
        }

        var refused = Assert.IsType<RestoreDecision.Refused>(DumpRestorePlanner.Decide(app, request, snapshots, Now));

        Assert.Contains(reason, refused.Reason, StringComparison.Ordinal);
        Assert.Contains(step, refused.Steps[0], StringComparison.Ordinal);
    }

    private static DumpRestorePlan Planned(RestoreRequest request) =>
        Assert.IsType<RestoreDecision.DumpPlanned>(DumpRestorePlanner.Decide(Paperless(), request, Snapshots, Now)).Plan;

    // sample-repo's paperless as written (its postgres dump paperless-db), plus one dump of each other engine.
    private static AppSettings Paperless()
    {
        var specs = new SpecLoader().Load(new DirectoryRepoTree(CheckoutPaths.SampleRepo));
        var (app, error) = AppLookup.Find(specs, "paperless", null);
        Assert.True(app is not null, error);
        DatabaseDump[] more =
        [
            new() { Name = "sessions", Engine = DumpEngine.Sqlite, Volume = "paperless-data", Path = "data/sessions.db", Timeout = "1h", Location = new("paperless.yaml", 9, 7) },
            new() { Name = "wiki", Engine = DumpEngine.Mariadb, Host = "wiki-db", Database = "wiki", User = "wiki", Password = new("wiki-db", "password"), Timeout = "1h", Location = new("paperless.yaml", 10, 7) },
            new() { Name = "queue", Engine = DumpEngine.Command, Command = "redis-cli --rdb -", Timeout = "1h", Location = new("paperless.yaml", 11, 7) },
        ];
        return app with { App = app.App with { Dumps = [.. app.App.Dumps, .. more] } };
    }

    private static ResticSnapshot Snap(string shortId, string time, string? dump, string? volume = null, string host = "paperless.paperless") =>
        new(shortId + new string('0', 56), shortId, DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture), host,
            dump is null ? ["app=paperless", $"volume={volume}"] : ["app=paperless", $"dump={dump}"], [dump is null ? $"/data/{volume}" : $"/{dump}.sql"])
        {
            Bytes = 48_211_337,
        };
}
