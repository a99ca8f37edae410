using System.Globalization;
using System.Text;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Restoring;

/// <summary>A dump restore plan in words: what <c>restore --dump</c> prints. Pure, stable text; names the password's Secret, never a password.</summary>
internal static class DumpRestorePlanPrinter
{
    public static string Text(DumpRestorePlan plan, bool applied)
    {
        var text = new StringBuilder();
        var dump = plan.Dump;
        var ns = plan.App.Namespace;
        var engine = dump.Engine.ToString().ToLowerInvariant();
        text.Append(CultureInfo.InvariantCulture, $"restore {plan.App} dump {dump.Name} ({engine})");
        text.Append(applied ? "\n" : "   (dry run: nothing is created; add --apply to run it)\n");
        text.Append(CultureInfo.InvariantCulture, $"  snapshot   {plan.Snapshot.ShortId}  {RestorePlanner.Time(plan.Snapshot.Time)}  ({plan.Choice}; {plan.SnapshotCount} snapshot(s) of this dump)\n");
        text.Append(CultureInfo.InvariantCulture, $"  id         {plan.Snapshot.Id}\n");
        text.Append(CultureInfo.InvariantCulture, $"  size       {(plan.Snapshot.Bytes is { } bytes ? RestorePlanPrinter.Bytes(bytes) : "unknown")}\n");
        text.Append(CultureInfo.InvariantCulture, $"  from       {plan.Repository} file /{dump.FileName}\n");
        if (dump.Engine == DumpEngine.Sqlite)
        {
            text.Append(CultureInfo.InvariantCulture, $"  writes to  new file {plan.SqliteCopy} on PVC {ns}/{dump.Volume} (checked with PRAGMA integrity_check)\n");
            text.Append(CultureInfo.InvariantCulture, $"             the live {dump.Path} is not touched; to use the copy, stop the app and move it over\n");
        }
        else
        {
            var server = $"{dump.Host}:{dump.Port ?? (dump.Engine == DumpEngine.Postgres ? 5432 : 3306)} as user {dump.User}";
            var client = dump.Engine == DumpEngine.Postgres ? "psql -v ON_ERROR_STOP=1, one transaction" : "mariadb";
            if (!plan.InPlace)
            {
                text.Append(CultureInfo.InvariantCulture, $"  loads into database {plan.Database} on {server} ({client})\n");
                text.Append("             it must exist and hold no table: checked before loading\n");
                text.Append(CultureInfo.InvariantCulture, $"             {(plan.Database == dump.Database ? "it is the dump's own database: loaded only if it is empty" : $"the live database {dump.Database} is not touched")}\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"  loads into {(plan.Database == dump.Database ? "the LIVE database" : "database")} {plan.Database} on {server} ({client}), IN PLACE: tables already there are not checked\n");
                text.Append(dump.Engine == DumpEngine.Postgres
                    ? "             pg_dump wrote no DROP statements: a table the dump creates that exists fails the load and psql rolls all of it back; drop those tables first to replace them\n"
                    : "             mariadb-dump's DROP TABLE IF EXISTS replaces each table the dump holds; tables it does not hold stay; stop the app first\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"  password   from Secret {ns}/{dump.Password?.SecretName} key {dump.Password?.Key} (into the client's environment only)\n");
        }

        var placement = dump.Engine == DumpEngine.Sqlite
            ? $"mounts PVC {dump.Volume} read-write; not pinned: a ReadWriteOnce PVC in use needs the pod on the app's node"
            : "mounts no app volume, network only";
        text.Append(CultureInfo.InvariantCulture, $"  by         Job {ns}/{plan.JobName} (Pod Security restricted; {placement})\n");
        text.Append(CultureInfo.InvariantCulture, $"  spec       {dump.Location?.ToString() ?? "-"}\n");
        if (!applied)
        {
            text.Append(CultureInfo.InvariantCulture, $"next: run the same command with --apply (add --snapshot {plan.Snapshot.ShortId} to pin this exact snapshot)\n");
        }

        return text.ToString();
    }
}
