using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup status</c>: per app, per node and tonight, read from the cluster alone.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output", "-o") { Description = "table or json", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var html = new Option<FileInfo?>("--html") { Description = "Also write the night's page (a per-node timeline and the app table, one self-contained HTML file) to this file" };
        var cluster = new ClusterAccess();
        var command = new Command("status", "Show each app's last backup and outcome, what runs and waits on each node, and tonight's clone") { output, html };
        cluster.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            try
            {
                await using var connection = await cluster.OpenAsync(parsed, context, new EmbeddedClusterOptions { Time = context.Time }, ct);
                var live = await LiveReader.ReadOnceAsync(connection.Client, context.Time, ct);
                var report = StatusBuilder.Build(live, context.Time.GetUtcNow(), StatusBuilder.DefaultOverdue);
                await context.Out.WriteAsync(parsed.GetValue(output) == "json" ? StatusPrinter.Json(report) : StatusPrinter.Table(report));
                if (parsed.GetValue(html) is { } file && !await NightPageFile.WriteAsync(context, file, NightViewBuilder.Build(report), ct))
                {
                    return ExitCodes.UsageOrIo;
                }

                return report.Apps.Any(a => a.Overdue) ? ExitCodes.Findings : ExitCodes.Ok;
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
