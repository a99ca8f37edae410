using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.Planning;
using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup plan</c>: a pass that stops at the plan: what apply would change, as a table, YAML or JSON. Writes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context) => Create(context, RepoDesiredState.LoadAsync);

    /// <summary>With the PATH → desired state step given (tests pass their own objects).</summary>
    public static Command Create(CliContext context, DesiredStateSource source)
    {
        var path = SourceOptions.PathArgument();
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 1 when there are changes" };
        var output = new Option<string>("--output", "-o") { Description = "table, yaml or json", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "yaml", "json");
        var prune = new PruneOptions();
        var cluster = new ClusterAccess();
        var command = new Command("plan", "Show what apply would create, update and delete (writes nothing)") { path, detailed, output };
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
                using var pass = ReconcilePass.OneShot(RepoState.FromDesired("", desired), connection.Client, PassOptions.PlanOnly with { Plan = prune.Read(parsed) }, context.Time);
                var outcome = await pass.RunAsync(ct);
                if (outcome.Plan is not { } plan)
                {
                    await context.Error.WriteLineAsync($"error: {string.Join("; ", outcome.Errors)}");
                    return ExitCodes.UsageOrIo;
                }

                await context.Out.WriteAsync(parsed.GetValue(output) switch
                {
                    "json" => ChangeSetPrinter.Json(plan),
                    "yaml" => ChangeSetPrinter.Yaml(plan),
                    _ => ChangeSetPrinter.Table(plan),
                });
                return plan.Errors.Count > 0 || DesiredStateStep.HasSpecErrors(desired) || (parsed.GetValue(detailed) && plan.HasChanges)
                    ? ExitCodes.Findings
                    : ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is ClusterApiException or ClusterConnectionException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }
        });
        return command;
    }
}
