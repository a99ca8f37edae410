using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.Rendering;
using GitOpsBackup.Restoring;

namespace GitOpsBackup.Cli.Commands;

/// <summary>
/// <c>restore APP --dump NAME</c>: check the request (pure) → list the app's snapshots → plan (pure)
/// → print → with --apply, create the rendered dump-restore Job. Errors are left to the caller's handlers.
/// </summary>
internal static class DumpRestore
{
    public static async Task<int> RunAsync(CliContext context, SnapshotSource source, ParseResult parsed, ClusterConnection connection, AppSettings app, RestoreRequest request, bool apply, CancellationToken ct)
    {
        // A request refused anyway needs no listing (which is a Job in the cluster).
        var (_, early) = DumpRestorePlanner.Check(app, request);
        var decision = early ?? DumpRestorePlanner.Decide(app, request, await source.ListAsync(parsed, context, app, null, connection, ct), context.Time.GetUtcNow());
        if (decision is RestoreDecision.Refused refused)
        {
            await context.Error.WriteAsync(RestorePlanPrinter.Refusal(refused));
            return ExitCodes.Findings;
        }

        var plan = ((RestoreDecision.DumpPlanned)decision).Plan;
        await context.Out.WriteAsync(DumpRestorePlanPrinter.Text(plan, apply));
        if (!apply)
        {
            return ExitCodes.Ok;
        }

        var ns = plan.App.Namespace;

        // The simulation only: Flux would have made the app's namespace.
        await source.Cluster.SeedNamespacesAsync(context, new Planning.DesiredState([]), ns);
        var job = DumpRestoreJobRenderer.Render(app, plan.Dump, plan.Snapshot.Id, plan.TargetDatabase, plan.Stamp, plan.InPlace);
        await new RestoreIo(connection.Client, context.Time).CreateAsync([job], ct);
        await context.Out.WriteLineAsync($"created Job {ns}/{job.Metadata.Name}");
        await context.Out.WriteLineAsync($"follow it: kubectl -n {ns} logs -f job/{job.Metadata.Name}   (it ends with RESULT status=restored)");
        return ExitCodes.Ok;
    }
}
