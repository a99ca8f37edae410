using System.CommandLine;
using System.Globalization;
using System.Text;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Restoring;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup snapshots APP [PATH] [-n NS] [--volume V | --dump D] [--local]</c>: the app's restic snapshots, oldest first.</summary>
internal static class SnapshotsCommand
{
    private static readonly string[] Header = ["ID", "TIME", "VOLUME", "SIZE", "TAGS"];

    public static Command Create(CliContext context)
    {
        var command = new Command("snapshots", "List an app's restic snapshots (time, volume, size, tags), through a short-lived Job in its namespace or with --local restic");
        var source = SnapshotSource.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var app = await source.LoadAppAsync(parsed, context, ct);
            if (app is null)
            {
                return ExitCodes.UsageOrIo;
            }

            try
            {
                await using var connection = parsed.GetValue(source.Local) ? null : await source.Cluster.OpenAsync(parsed, context, new EmbeddedClusterOptions { Time = context.Time }, ct);
                var snapshots = await source.ListAsync(parsed, context, app, parsed.GetValue(source.Volume), connection, ct);
                if (parsed.GetValue(source.Dump) is { } dump)
                {
                    snapshots = [.. snapshots.Where(s => s.Dump == dump)];
                }

                await context.Out.WriteAsync(Table(snapshots));
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or ClusterApiException or ClusterConnectionException or k8s.Autorest.HttpOperationException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }
        });
        return command;
    }

    public static string Table(IReadOnlyList<ResticSnapshot> snapshots)
    {
        var rows = new List<string[]> { Header };
        rows.AddRange(snapshots.Select(s => new[]
        {
            s.ShortId,
            RestorePlanner.Time(s.Time),
            s.Volume ?? (s.Dump is { } dump ? "dump " + dump : "-"),
            s.Bytes is { } bytes ? RestorePlanPrinter.Bytes(bytes) : "-",
            string.Join(",", s.Tags),
        }));
        var widths = Enumerable.Range(0, 5).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }

        text.Append(CultureInfo.InvariantCulture, $"{snapshots.Count} snapshot(s)\n");
        return text.ToString();
    }
}
