using GitOpsBackup.Admission;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace GitOpsBackup.Cli.Demo;

/// <summary>The live terminal view of the demo night: the clock, each node with what runs and waits, and the clone.</summary>
internal static class DemoView
{
    public static IRenderable Render(DateTimeOffset now, TimeZoneInfo zone, LiveSnapshot live, IReadOnlyList<string> nodes, int done, int total)
    {
        var jobs = JobReader.BackupJobs(live);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Simulated night[/] {TimeZoneInfo.ConvertTime(now, zone):yyyy-MM-dd HH:mm} ({zone.Id})  [grey]SIMULATED[/]");
        table.AddColumn("Node");
        table.AddColumn("Running");
        table.AddColumn("Queued");
        foreach (var node in nodes)
        {
            var running = jobs.Where(j => j.Node == node && j.State == BackupJobState.Running).Select(j => $"[green]{Markup.Escape(j.AppKey)}[/]");
            var queued = jobs.Where(j => j.Node == node && j.State == BackupJobState.Waiting).OrderBy(j => j.ScheduledAt).Select(j => $"[yellow]{Markup.Escape(j.AppKey)}[/]");
            table.AddRow(node, string.Join(", ", running) is { Length: > 0 } r ? r : "-", string.Join(", ", queued) is { Length: > 0 } q ? q : "-");
        }

        var unpinned = jobs.Where(j => j.Node is null && j.State == BackupJobState.Waiting).Select(j => Markup.Escape(j.AppKey)).ToList();
        if (unpinned.Count > 0)
        {
            table.AddRow("(not placed)", "-", string.Join(", ", unpinned));
        }

        var clone = live.Jobs.Where(JobReader.IsClone).Select(j => $"{JobReader.Meta(j, "name")}: {(JobReader.StateOf(j) == BackupJobState.Finished ? (JobReader.OutcomeOf(j, null) == JobOutcome.Ok ? "[green]done[/]" : "[red]failed[/]") : "[blue]running[/]")}").LastOrDefault();
        table.Caption($"backups done {done}/{total} · external clone: {clone ?? "waiting for the night's backups"}");
        return table;
    }

    /// <summary>A plain line per event, for output that is not a terminal.</summary>
    public static string Line(NightEvent e, TimeZoneInfo zone) =>
        $"{TimeZoneInfo.ConvertTime(e.Time, zone):HH:mm:ss} {e.Type,-12} {(e.App is null ? e.Job : $"{e.Namespace}/{e.App}"),-28} {e.Node ?? "-"}";
}
