using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Specs;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// spec.dumps and the honest outcomes, for real: the rendered backup pod's script dumps a private
/// PostgreSQL and MariaDB over 127.0.0.1 and SQLite files into restic on s3rver, as the pod's
/// non-root user; restore.sh pipes the dumps back into fresh databases.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class DumpScriptTests(S3rverFixture s3, PostgresFixture pg, MariaDbFixture maria, ITestOutputHelper output) : IDisposable
{
    private const string DbSecret = "db-credentials";
    private const string DbKey = "password";
    private const string Stamp = "20261202-120000";

    private readonly string _sfx = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _cleanup = [];

    [Fact]
    public async Task PostgresDump_RestoresIntoAFreshDatabase_WithTheSameRows()
    {
        var source = $"shop_{_sfx}";
        await pg.SqlAsync("postgres", $"CREATE DATABASE {source}");
        await pg.SqlAsync(source, "CREATE TABLE orders (id int PRIMARY KEY, customer text, total numeric); " +
            "INSERT INTO orders SELECT i, 'customer ' || i, i * 1.25 FROM generate_series(1, 5000) i");
        var dump = Postgres("shop", source);
        using var pod = Sandbox(App("shop", [], [dump]), new(), pg.Password);
        var termination = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("OK dump=shop shop.sql", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=success", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(pg.Password, run.Output, StringComparison.Ordinal);
        Assert.Matches(@"^bytes_added=\d+\n$", File.ReadAllText(termination));
        var snapshot = Assert.Single(await Snapshots(pod));
        Assert.Equal(["app=shop", "dump=shop"], snapshot.Tags.Order(StringComparer.Ordinal));

        var target = $"shop_restored_{_sfx}";
        await pg.SqlAsync("postgres", $"CREATE DATABASE {target}");
        var app = App("shop", [], [dump]);
        var restore = await Restore(app, dump, snapshot.Id, target, new(), pg.Password);

        Assert.True(restore.ExitCode == 0, restore.ToString());
        const string Digest = "SELECT count(*) || ' ' || md5(string_agg(id || ':' || customer || ':' || total, ',' ORDER BY id)) FROM orders";
        var before = (await pg.SqlAsync(source, Digest)).Stdout.Trim();
        Assert.Equal(before, (await pg.SqlAsync(target, Digest)).Stdout.Trim());
        Assert.StartsWith("5000 ", before, StringComparison.Ordinal);

        // A second restore into the now-filled database is refused: a dump goes into an empty one.
        var again = await Restore(app, dump, snapshot.Id, target, new(), pg.Password);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("already holds 1 tables", again.Stdout, StringComparison.Ordinal);
        output.WriteLine($"FIGURES postgres: 5000 rows dumped with pg_dump into restic, restored with psql into a fresh database, same digest {before}");
    }

    [Fact]
    public async Task MariaDbDump_RestoresIntoAFreshDatabase_WithTheSameRows()
    {
        var source = $"wiki_{_sfx}";
        await maria.RootSqlAsync($"CREATE DATABASE {source}; CREATE TABLE {source}.pages (id INT PRIMARY KEY, title VARCHAR(100), body TEXT) ENGINE=InnoDB;");
        await maria.RootSqlAsync($"SET SESSION max_recursive_iterations = 10000; INSERT INTO {source}.pages SELECT i, CONCAT('page ', i), REPEAT('x', i % 97) FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) SELECT i FROM s) AS q;");
        var dump = new DatabaseDump
        {
            Name = "wiki",
            Timeout = "1h",
            Engine = DumpEngine.Mariadb,
            Host = "127.0.0.1",
            Port = maria.Port,
            Database = source,
            User = MariaDbFixture.User,
            Password = new SecretKeyRef(DbSecret, DbKey),
        };
        using var pod = Sandbox(App("wiki", [], [dump]), new(), maria.Password);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("OK dump=wiki wiki.sql", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(maria.Password, run.Output, StringComparison.Ordinal);
        var snapshot = Assert.Single(await Snapshots(pod));

        var target = $"wiki_restored_{_sfx}";
        await maria.RootSqlAsync($"CREATE DATABASE {target}");
        var restore = await Restore(App("wiki", [], [dump]), dump, snapshot.Id, target, new(), maria.Password);

        Assert.True(restore.ExitCode == 0, restore.ToString());
        const string Digest = "SELECT CONCAT(COUNT(*), ' ', MD5(GROUP_CONCAT(id, ':', title, ':', body ORDER BY id SEPARATOR ','))) FROM pages";
        var before = (await maria.RootSqlAsync("SET SESSION group_concat_max_len = 10000000; " + Digest, source)).Stdout.Trim();
        Assert.Equal(before, (await maria.RootSqlAsync("SET SESSION group_concat_max_len = 10000000; " + Digest, target)).Stdout.Trim());
        Assert.StartsWith("3000 ", before, StringComparison.Ordinal);
        output.WriteLine($"FIGURES mariadb: 3000 rows dumped with mariadb-dump --single-transaction, restored into a fresh database, same digest {before}");
    }

    [Fact]
    public async Task PgDumpFailingMidStream_FailsTheRun_AndNoRetentionRuns()
    {
        var source = $"ledger_{_sfx}";
        await pg.SqlAsync("postgres", $"CREATE DATABASE {source}");
        await pg.SqlAsync(source, "CREATE TABLE entries AS SELECT i AS id, md5(i::text) AS memo FROM generate_series(1, 20000) i");
        var app = App("ledger", [], [Postgres("ledger", source)]);
        using var pod = Sandbox(app, new(), pg.Password);
        Assert.Equal(0, (await pod.RunAsync()).ExitCode);
        // Two older snapshots of one day: retention (keep-daily) would forget the earlier one if it ran.
        var stream = Folder("old-dump");
        File.WriteAllText(Path.Join(stream, "ledger.sql"), "-- an older dump\n");
        foreach (var time in new[] { "2026-11-20 01:00:00", "2026-11-20 02:00:00" })
        {
            var made = await Restic(pod, "backup", "--host", pod.Environment["BACKUP_HOST"], "--tag", "app=ledger", "--tag", "dump=ledger", "--time", time, stream);
            Assert.True(made.ExitCode == 0, made.ToString());
        }

        var before = (await Snapshots(pod)).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, before.Count);

        // The real pg_dump, cut after 64 KiB with a failure: a server that died half-way.
        var bin = Folder("bin");
        var real = (await ProcessRunner.RunAsync("/bin/sh", ["-c", "command -v pg_dump"], new Dictionary<string, string>())).Stdout.Trim();
        var wrapper = Path.Join(bin, "pg_dump");
        File.WriteAllText(wrapper, $"#!/bin/sh\n\"{real}\" \"$@\" | head -c 65536\nexit 1\n");
        UnixFiles.SetMode(wrapper, 755);
        pod.Environment["PATH"] = bin + ":" + ProcessRunner.PlainPath;
        var termination = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAILED dump=ledger: the postgres dump exited 1; its incomplete snapshot", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("SKIP forget", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("OK forget", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=failed app=ledger reason=dump-failed", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"^bytes_added=\d+\noutcome=failed reason=dump-failed\n$", File.ReadAllText(termination));
        Assert.Equal(before, (await Snapshots(pod)).Select(s => s.Id).Order(StringComparer.Ordinal).ToList());

        // A wrong password fails before the first byte: failed as well, nothing stored, nothing forgotten.
        using var wrong = Sandbox(app, new(), "not-the-db-password");
        var denied = await wrong.RunAsync();
        Assert.True(denied.ExitCode == 1, denied.ToString());
        Assert.Contains("FAILED dump=ledger: the postgres dump exited 1", denied.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-db-password", denied.Output, StringComparison.Ordinal);
        Assert.Equal(before, (await Snapshots(pod)).Select(s => s.Id).Order(StringComparer.Ordinal).ToList());
        output.WriteLine($"FIGURES pg_dump cut after 64 KiB with exit 1 -> script exit {run.ExitCode}, incomplete snapshot removed, retention skipped, {before.Count} snapshots unchanged");
    }

    [Fact]
    public async Task SqliteUnderConcurrentWrites_IsDumpedAsAConsistentCopy()
    {
        var data = Folder("sqlite-data", mode: 777);
        var db = Path.Join(data, "app.db");
        await Sqlite(db, "PRAGMA journal_mode=WAL; CREATE TABLE events (batch INTEGER, n INTEGER, payload BLOB);");
        UnixFiles.SetMode(db, 666);

        // Batches of 100 rows, each in one transaction: any consistent copy holds whole batches only.
        using var writer = Writer(db);
        using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await CliProcess.Eventually(async () => long.Parse((await Sqlite(db, "SELECT count(*) FROM events;")).Stdout.Trim(), CultureInfo.InvariantCulture) >= 2000 ? "busy" : null, started.Token);
        }

        var dump = new DatabaseDump { Name = "notes", Engine = DumpEngine.Sqlite, Volume = "notes-data", Path = "app.db", Timeout = "1h" };
        using var pod = Sandbox(App("notes", [], [dump]), new() { ["notes-data"] = data }, null);

        var run = await pod.RunAsync();
        var rowsAfter = long.Parse((await Sqlite(db, "SELECT count(*) FROM events;")).Stdout.Trim(), CultureInfo.InvariantCulture);
        writer.Kill(entireProcessTree: true);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("OK dump=notes notes.sqlite3", run.Stdout, StringComparison.Ordinal);
        var snapshot = Assert.Single(await Snapshots(pod));
        var restore = await Restore(App("notes", [], [dump]), dump, snapshot.Id, null, new() { ["notes-data"] = data }, null);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var copy = Path.Join(data, "app.db.restored-" + Stamp);

        Assert.Equal("ok", (await Sqlite(copy, "PRAGMA integrity_check;")).Stdout.Trim());
        var rows = long.Parse((await Sqlite(copy, "SELECT count(*) FROM events;")).Stdout.Trim(), CultureInfo.InvariantCulture);
        var torn = (await Sqlite(copy, "SELECT count(*) FROM (SELECT batch FROM events GROUP BY batch HAVING count(*) <> 100);")).Stdout.Trim();
        Assert.Equal("0", torn);
        Assert.True(rows >= 2000 && rows % 100 == 0 && rows <= rowsAfter, $"copy holds {rows} rows, the live database {rowsAfter} after the run");
        output.WriteLine($"FIGURES sqlite: copy taken under a writer committing 100-row batches: {rows} rows ({rows / 100} whole batches), integrity ok; live database had {rowsAfter} rows after the run");
    }

    [Fact]
    public async Task EmptyDump_FailsTheRun_UnlessAllowEmpty()
    {
        var dump = new DatabaseDump { Name = "cache", Engine = DumpEngine.Command, Command = "cat /dev/null", Timeout = "1h" };
        using var pod = Sandbox(App("cache", [], [dump]), new(), null);
        var termination = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAILED dump=cache: the command dump is empty", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("SKIP forget", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("outcome=failed reason=empty-dump", File.ReadAllText(termination), StringComparison.Ordinal);
        Assert.Empty(await Snapshots(pod));

        using var allowed = Sandbox(App("cache", [], [dump]) with { AllowEmpty = true }, new(), null);
        var ok = await allowed.RunAsync();
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("RESULT status=success", ok.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VolumeEmptiedSinceItsLastBackup_FailsTheRun_UnlessAllowEmpty()
    {
        var data = Folder("photos");
        TreeAssert.WriteRandom(data, seed: 21, count: 3, maxBytes: 2000);
        var app = App("photos", [new BackupVolume("photos", false)], []);
        using (var first = Sandbox(app, new() { ["photos"] = data }, null))
        {
            Assert.Equal(0, (await first.RunAsync()).ExitCode);
        }

        foreach (var entry in new DirectoryInfo(data).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }

        using var pod = Sandbox(app, new() { ["photos"] = data }, null);
        var before = (await Snapshots(pod)).Select(s => s.Id).ToList();
        var termination = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAILED volume=photos", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("but its last snapshot did", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("SKIP forget", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("outcome=failed reason=emptied-volume", File.ReadAllText(termination), StringComparison.Ordinal);
        Assert.Equal(before, (await Snapshots(pod)).Select(s => s.Id).ToList());

        using var allowed = Sandbox(app with { AllowEmpty = true }, new() { ["photos"] = data }, null);
        var ok = await allowed.RunAsync();
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("EMPTY volume=photos", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK forget", ok.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var folder in _cleanup)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS; cleanup never fails a test.
            }
        }
    }

    private DatabaseDump Postgres(string name, string database) => new()
    {
        Name = name,
        Engine = DumpEngine.Postgres,
        Host = "127.0.0.1",
        Port = pg.Port,
        Database = database,
        User = PostgresFixture.User,
        Password = new SecretKeyRef(DbSecret, DbKey),
        Timeout = "5m",
    };

    // A shell loop committing 100-row batches as fast as it can, until killed.
    private static Process Writer(string db)
    {
        var script = "umask 0; i=0; while :; do i=$((i+1)); sqlite3 \"$0\" \".timeout 5000\" \"BEGIN IMMEDIATE; " +
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) INSERT INTO events SELECT $i, x, randomblob(512) FROM c; COMMIT;\" || exit 1; done";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(db);
        start.Environment.Clear();
        start.Environment["PATH"] = ProcessRunner.PlainPath;
        return Process.Start(start)!;
    }

    private static Task<ProcessResult> Sqlite(string db, string sql) =>
        ProcessRunner.RunAsync("/bin/sh", ["-c", "umask 0; exec sqlite3 \"$0\" \".timeout 5000\" \"$1\"", db, sql], new Dictionary<string, string>());

    private HomelabBackup App(string name, IReadOnlyList<BackupVolume> volumes, IReadOnlyList<DatabaseDump> dumps) => MinimalSpecs.App with
    {
        Name = name,
        Namespace = "apps",
        BackupBucket = $"backup-{name}-{_sfx}",
        Schedule = "H 2 * * *",
        Volumes = volumes,
        Dumps = dumps,
        Location = new SourceLocation($"apps/{name}/backup.yaml", 1, 1),
    };

    private PodSandbox Sandbox(HomelabBackup app, Dictionary<string, string> claims, string? dbPassword)
    {
        var result = TestSpecs.Render([app], defaults: TestSpecs.Defaults(s3.Endpoint));
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        var pod = ((V1CronJob)result.Objects.Single().Resource).Spec.JobTemplate.Spec.Template.Spec;
        return new PodSandbox(pod, Secrets(dbPassword), claims);
    }

    // The rendered dump-restore Job's pod, run as its non-root user.
    private async Task<ProcessResult> Restore(HomelabBackup app, DatabaseDump dump, string snapshot, string? targetDatabase, Dictionary<string, string> claims, string? dbPassword)
    {
        var settings = AppSettings.Merge(app, TestSpecs.Defaults(s3.Endpoint), "0 2 * * *");
        var job = DumpRestoreJobRenderer.Render(settings, dump, snapshot, targetDatabase, Stamp, inPlace: false);
        Assert.DoesNotContain(job.Spec.Template.Spec.Containers.Single().Env, e => e.Name.EndsWith("_PASSWORD", StringComparison.Ordinal) && e.Value is not null);
        using var pod = new PodSandbox(job.Spec.Template.Spec, Secrets(dbPassword), claims);
        return await pod.RunAsync();
    }

    private Dictionary<(string, string), string> Secrets(string? dbPassword) => new()
    {
        [(TestSpecs.S3Secret, TestSpecs.S3KeyId)] = S3rverFixture.AccessKey,
        [(TestSpecs.S3Secret, TestSpecs.S3SecretKey)] = S3rverFixture.SecretKey,
        [(TestSpecs.ResticSecret, TestSpecs.ResticKey)] = $"repo-password-{_sfx}",
        [(TestSpecs.CaSecret, TestSpecs.CaKey)] = File.ReadAllText(s3.CaFile),
        [(DbSecret, DbKey)] = dbPassword ?? "",
    };

    // The kubelet's /dev/termination-log: an existing file the pod's user may write.
    private string TerminationLog(PodSandbox pod)
    {
        var file = Path.Join(Folder("termination", mode: 777), "termination-log");
        File.WriteAllText(file, "");
        UnixFiles.SetMode(file, 666);
        pod.Environment["BACKUP_TERMINATION_LOG"] = file;
        return file;
    }

    private static Task<ProcessResult> Restic(PodSandbox pod, params string[] args) =>
        ProcessRunner.RunAsync("restic", ["--cacert", pod.Environment["RESTIC_CACERT"], .. args], pod.Environment, TimeSpan.FromMinutes(2), asNobody: true);

    private static async Task<List<DumpSnapshot>> Snapshots(PodSandbox pod)
    {
        var result = await Restic(pod, "snapshots", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.EnumerateArray().Select(s => new DumpSnapshot(
            s.GetProperty("id").GetString()!,
            s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList())).ToList();
    }

    private sealed record DumpSnapshot(string Id, List<string> Tags);

    private string Folder(string name, int mode = 755)
    {
        var folder = Path.Join(Path.GetTempPath(), $"gob-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        UnixFiles.SetMode(folder, mode);
        _cleanup.Add(folder);
        return folder;
    }
}
