using System.Globalization;
using System.Text.RegularExpressions;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Restoring;

/// <summary>
/// (the app's settings, <c>restore --dump</c>'s request, the repository's snapshots, the clock) →
/// a dump restore plan or a refusal. Pure. A dump is loaded into an existing, empty database by
/// default (never the live one unless --in-place); a SQLite dump is written beside the live file;
/// a command dump is restored by hand (its load command is the user's).
/// </summary>
internal static partial class DumpRestorePlanner
{
    /// <summary>What needs no snapshot list: the dump exists and the options fit its engine. The CLI asks this before it lists (a Job in the cluster).</summary>
    public static (DatabaseDump? Dump, RestoreDecision.Refused? Refused) Check(AppSettings app, RestoreRequest request)
    {
        var spec = app.App;
        var name = request.Dump ?? throw new ArgumentException("not a dump restore", nameof(request));
        if (request.Volume is not null || request.ToPvc is not null || request.ToBucket is not null || request.ScaleDown)
        {
            return No("--dump restores a database dump; --volume, --to-pvc, --to-bucket and --scale-down are for volumes",
                "drop them; --to-database NAME names the database to load into");
        }

        if (spec.Dumps.FirstOrDefault(d => d.Name == name) is not { } dump)
        {
            return (null, spec.Dumps.Count == 0
                ? Refuse($"{spec.Key} declares no dumps (spec {spec.Location})", $"add one under spec.dumps in {spec.Location.File} (README: Database dumps), then back it up: gitops-backup backup {spec.Name} -n {spec.Namespace}")
                : Refuse($"{spec.Key} has no dump '{name}' (spec {spec.Location})", $"give --dump one of: {string.Join(", ", spec.Dumps.Select(d => d.Name))}"));
        }

        var where = Where(dump, spec);
        if (request.SnapshotId is not null && request.AsOf is not null)
        {
            return No("--snapshot and --as-of both choose the snapshot", "give one of them");
        }

        var network = dump.Engine is DumpEngine.Postgres or DumpEngine.Mariadb;
        if (!network && request.ToDatabase is not null)
        {
            return No($"{where} is a file, not a database on a server: --to-database does not apply", $"drop --to-database; it is written beside the live file{(dump.Engine == DumpEngine.Sqlite ? $" as {dump.Path}.restored-<stamp>" : "")}");
        }

        if (dump.Engine == DumpEngine.Sqlite && request.InPlace)
        {
            return No($"{where} is restored beside the live file, never over it (the app holds it open)",
                $"drop --in-place; then stop the app and move {dump.Path}.restored-<stamp> over {dump.Path} on PVC {spec.Namespace}/{dump.Volume}");
        }

        if (request.ToDatabase is { } target && !DatabaseName().IsMatch(target))
        {
            return No($"--to-database {target}: not a plain database name", "1-63 letters, digits, '_', '$' or '-', not starting with '-' or '$'");
        }

        if (network && request.ToDatabase is null && !request.InPlace)
        {
            return No($"say which database to load {where} into: a restore goes into an existing, empty database, the live {dump.Database} is not touched without --in-place",
                [.. CreateSteps(dump, $"{dump.Database}_restore"), $"gitops-backup restore {spec.Name} -n {spec.Namespace} --dump {dump.Name} --to-database {dump.Database}_restore"]);
        }

        return (dump, null);
    }

    /// <summary>The rest, once the snapshots are listed.</summary>
    public static RestoreDecision Decide(AppSettings app, RestoreRequest request, IReadOnlyList<ResticSnapshot> snapshots, DateTimeOffset now)
    {
        var (found, refused) = Check(app, request);
        if (found is not { } dump)
        {
            return refused!;
        }

        var spec = app.App;
        var where = Where(dump, spec);
        var list = $"gitops-backup snapshots {spec.Name} -n {spec.Namespace} --dump {dump.Name}";
        var mine = snapshots.Where(s => s.Dump == dump.Name && s.App == spec.Name && s.Host == app.ResticHost).OrderBy(s => s.Time).ToList();
        if (mine.Count == 0)
        {
            return Refuse($"the repository holds no snapshot of {spec.Key} dump {dump.Name} (host {app.ResticHost}, tag dump={dump.Name})",
                $"check with: {list}; a first backup: gitops-backup backup {spec.Name} -n {spec.Namespace}");
        }

        var (picked, choice, refusal) = SnapshotChoice.Pick(mine, request.SnapshotId, request.AsOf, $"dump {dump.Name}", list);
        if (picked is not { } snapshot)
        {
            return refusal!;
        }

        if (dump.Engine == DumpEngine.Command)
        {
            return Refuse($"{where} is restored by hand: how to load it is the command's business, not ours",
                $"restic dump {snapshot.ShortId} /{dump.FileName} > {dump.FileName}   # with the app's repository and password (gitops-backup snapshots {spec.Name} --local)",
                "then load that file with the tool that reads it");
        }

        var stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return new RestoreDecision.DumpPlanned(new DumpRestorePlan
        {
            App = spec.Key,
            Dump = dump,
            Snapshot = snapshot,
            Choice = choice,
            SnapshotCount = mine.Count,
            Repository = CronJobRenderer.ResticRepository(app.Defaults.S3Endpoint, spec.BackupBucket),
            TargetDatabase = request.ToDatabase,
            InPlace = request.InPlace,
            JobName = DumpRestoreJobRenderer.JobName(spec.Name, dump.Name, stamp),
            Stamp = stamp,
        });
    }

    private static string Where(DatabaseDump dump, HomelabBackup spec) =>
        $"{dump.Engine.ToString().ToLowerInvariant()} dump {dump.Name} ({dump.Location?.ToString() ?? spec.Location.File})";

    /// <summary>How to make the empty database a restore loads into (as the dump's user, who then owns it).</summary>
    public static IReadOnlyList<string> CreateSteps(DatabaseDump dump, string database) => dump.Engine == DumpEngine.Postgres
        ? [$"createdb --host {dump.Host} --port {dump.Port ?? 5432} --username {dump.User} {database}   # or CREATE DATABASE {database}; as an admin"]
        : [$"mariadb --host {dump.Host} --port {dump.Port ?? 3306} --user {dump.User} -p -e 'CREATE DATABASE {database}'   # or as an admin, then GRANT ALL ON {database}.* TO {dump.User}"];

    // Passed as an argument, never spliced into SQL; kept plain so it cannot read as an option.
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_$-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatabaseName();

    private static (DatabaseDump?, RestoreDecision.Refused?) No(string reason, params IReadOnlyList<string> steps) => (null, new(reason, steps));

    private static RestoreDecision.Refused Refuse(string reason, params IReadOnlyList<string> steps) => new(reason, steps);
}
