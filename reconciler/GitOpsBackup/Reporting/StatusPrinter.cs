using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsBackup.Reporting;

/// <summary>The status report as a plain table (stable when piped) or as JSON.</summary>
internal static class StatusPrinter
{
    private static readonly string[] AppHeader = ["NAMESPACE", "APP", "SCHEDULE", "NEXT RUN", "NODE", "LAST RUN", "OUTCOME", "LAST SUCCESS"];
    private static readonly string[] NodeHeader = ["NODE", "RUNNING", "QUEUED"];

    public static string Table(StatusReport report)
    {
        // The drill column only when some app has a restore drill, so tables without drills stay as they were.
        var drills = report.Apps.Any(a => a.Drill is not null);
        var rows = new List<string[]> { drills ? [.. AppHeader, "PROVEN RESTORABLE"] : AppHeader };
        foreach (var app in report.Apps)
        {
            var zone = Zone(app.TimeZone);
            string[] row =
            [
                app.Namespace,
                app.App,
                $"{app.Schedule} ({app.TimeZone})",
                app.Suspended ? "suspended" : Local(app.NextRun, zone),
                app.Node ?? "-",
                Local(app.LastRunAt, zone),
                app.LastOutcome,
                (app.LastSuccess is { } ok ? Age(report.At - ok) + " ago" : "never") + (app.Overdue ? " OVERDUE" : ""),
            ];
            rows.Add(drills ? [.. row, Proven(app, report.At)] : row);
        }

        var text = new StringBuilder();
        Columns(text, rows);
        text.AppendLine();
        var nodes = new List<string[]> { NodeHeader };
        nodes.AddRange(report.Nodes.Select(n => new[] { n.Node, Join(n.Running), Join(n.Queued) }));
        if (report.Nodes.Count == 0)
        {
            nodes.Add(["-", "-", "-"]);
        }

        Columns(text, nodes);
        var night = report.Night;
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"Tonight: {night.Done} of {night.Total} backups done ({night.Failed} not ok); external clone: ");
        text.AppendLine(night.CloneJob is null ? night.CloneState
            : $"{night.CloneJob} {night.CloneState}{(night.CloneOutcomeReason is null ? "" : $": {night.CloneOutcomeReason}")}{(night.CloneReason is null ? "" : $" ({night.CloneReason})")}");
        if (report.Apps.Where(a => a.Drill == "failed").Select(a => $"{a.Namespace}/{a.App}").ToList() is { Count: > 0 } failedDrills)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Restore drills FAILED: {string.Join(", ", failedDrills)} (kubectl logs -n NAMESPACE job/<the verify Job> says why)");
        }

        return text.ToString();
    }

    public static string Json(StatusReport report)
    {
        var apps = new JsonArray([.. report.Apps.Select(a => (JsonNode)new JsonObject
        {
            ["namespace"] = a.Namespace,
            ["app"] = a.App,
            ["schedule"] = a.Schedule,
            ["timeZone"] = a.TimeZone,
            ["suspended"] = a.Suspended,
            ["nextRun"] = Stamp(a.NextRun),
            ["node"] = a.Node,
            ["lastJob"] = a.LastJob,
            ["lastRun"] = Stamp(a.LastRunAt),
            ["lastOutcome"] = a.LastOutcome,
            ["lastSuccess"] = Stamp(a.LastSuccess),
            ["overdue"] = a.Overdue,
            ["drill"] = a.Drill,
            ["lastVerified"] = Stamp(a.LastVerified),
        })]);
        var nodes = new JsonArray([.. report.Nodes.Select(n => (JsonNode)new JsonObject
        {
            ["node"] = n.Node,
            ["running"] = new JsonArray([.. n.Running.Select(r => (JsonNode?)JsonValue.Create(r))]),
            ["queued"] = new JsonArray([.. n.Queued.Select(q => (JsonNode?)JsonValue.Create(q))]),
        })]);
        var root = new JsonObject
        {
            ["at"] = Stamp(report.At),
            ["apps"] = apps,
            ["nodes"] = nodes,
            ["night"] = new JsonObject
            {
                ["done"] = report.Night.Done,
                ["failed"] = report.Night.Failed,
                ["total"] = report.Night.Total,
                ["cloneJob"] = report.Night.CloneJob,
                ["cloneState"] = report.Night.CloneState,
                ["cloneReason"] = report.Night.CloneReason,
                ["cloneOutcomeReason"] = report.Night.CloneOutcomeReason,
                ["cycle"] = report.Night.Cycle?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["cycleStart"] = Stamp(report.Night.CycleStart),
                ["latestStart"] = Stamp(report.Night.LatestStart),
            },
            ["runs"] = new JsonArray([.. report.Runs.Select(r => (JsonNode)new JsonObject
            {
                ["namespace"] = r.Namespace,
                ["app"] = r.App,
                ["job"] = r.Job,
                ["node"] = r.Node,
                ["manual"] = r.Manual,
                ["created"] = Stamp(r.Created),
                ["admitted"] = Stamp(r.Admitted),
                ["finished"] = Stamp(r.Finished),
                ["outcome"] = r.Outcome,
            })]),
            ["clones"] = new JsonArray([.. report.Clones.Select(c => (JsonNode)new JsonObject
            {
                ["namespace"] = c.Namespace,
                ["job"] = c.Job,
                ["cycle"] = c.Cycle?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["node"] = c.Node,
                ["created"] = Stamp(c.Created),
                ["started"] = Stamp(c.Started),
                ["finished"] = Stamp(c.Finished),
                ["outcome"] = c.Outcome,
                ["outcomeReason"] = c.OutcomeReason,
                ["reason"] = c.Reason,
                ["cycleStart"] = Stamp(c.CycleStart),
                ["latestStart"] = Stamp(c.LatestStart),
            })]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static void Columns(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Proven(AppStatus app, DateTimeOffset at) => app.Drill switch
    {
        null => "-",
        _ => (app.LastVerified is { } proven ? Age(at - proven) + " ago" : "never") + (app.Drill == "failed" ? " DRILL FAILED" : app.Drill == "running" ? " (drill running)" : ""),
    };

    private static string Join(IReadOnlyList<string> items) => items.Count == 0 ? "-" : string.Join(", ", items);

    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private static string Local(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : "-";

    private static string? Stamp(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Like kubectl's ages: 45s, 12m, 5h3m, 2d4h.</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalSeconds)}s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes}m"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h{age.Minutes}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d{age.Hours}h"),
    };
}
