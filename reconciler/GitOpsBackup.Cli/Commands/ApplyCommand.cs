using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.Planning;
using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup apply</c>: one pass that plans and applies; prints what it did per object.</summary>
internal static class ApplyCommand
{
    public static Command Create(CliContext context) => Create(context, RepoDesiredState.LoadAsync);

    /// <summary>With the PATH → desired state step given (tests pass their own objects).</summary>
    public static Command Create(CliContext context, DesiredStateSource source)
    {
        var path = SourceOptions.PathArgument();
        var prune = new PruneOptions();
        var cluster = new ClusterAccess();
        var command = new Command("apply", "Apply the repo's backups to the cluster (server-side apply) and prune removed ones") { path };
        var sourceOptions = SourceOptions.AddTo(command, path);
        cluster.AddTo(command);
        prune.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var loaded = await DesiredStateStep.LoadAsync(source, sourceOptions, parsed, context, ct);
            if (loaded is not { } desired)
            {
                return ExitCodes.UsageOrIo;
            }

            try
            {
                await using var connection = await cluster.OpenAsync(parsed, context, desired, ct);
                using var pass = ReconcilePass.OneShot(RepoState.FromDesired("", desired), connection.Client, new PassOptions { Plan = prune.Read(parsed) }, context.Time);
                var outcome = await pass.RunAsync(ct);
                if (outcome.Kind == PassKind.ClusterFailed || outcome.Applied is not { } report)
                {
                    await context.Error.WriteLineAsync($"error: {string.Join("; ", outcome.Errors)}");
                    return ExitCodes.UsageOrIo;
                }

                await PrintAsync(report, context);
                return report.Failed || report.PlanErrors.Count > 0 || DesiredStateStep.HasSpecErrors(desired) ? ExitCodes.Findings : ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is ClusterApiException or ClusterConnectionException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }
        });
        return command;
    }

    private static async Task PrintAsync(ApplyReport report, CliContext context)
    {
        foreach (var result in report.Objects.Where(r => r.Outcome != ObjectOutcome.Unchanged))
        {
            var line = $"{result.Outcome.ToString().ToLowerInvariant(),-9} {result.Change.Target}: {result.Message}";
            await (result.Outcome == ObjectOutcome.Failed ? context.Error : context.Out).WriteLineAsync(line);
        }

        foreach (var error in report.PlanErrors)
        {
            await context.Error.WriteLineAsync($"error: {error}");
        }

        var failedApps = report.FailedApps.Count == 0 ? "" : $" (failed apps: {string.Join(", ", report.FailedApps.Select(a => a?.ToString() ?? "repo-wide"))})";
        await context.Out.WriteLineAsync($"Apply {(report.Failed ? "finished with failures" : "complete")}: {report.Summary}{failedApps}.");
    }
}
