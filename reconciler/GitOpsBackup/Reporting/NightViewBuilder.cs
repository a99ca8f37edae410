using System.Globalization;
using System.Text.RegularExpressions;

namespace GitOpsBackup.Reporting;

/// <summary>
/// <see cref="StatusReport"/> (the data of <c>status -o json</c>) → the <see cref="NightView"/> of one
/// night: which runs belong to it, one lane per node, the clone's lane, the axis. Pure.
/// </summary>
internal static partial class NightViewBuilder
{
    public const string NotPlaced = "not placed";

    /// <summary>The night <paramref name="night"/>, or the report's current night (the last 24 hours when there is no cycle).</summary>
    public static NightView Build(StatusReport report, DateOnly? night = null)
    {
        var cycle = night ?? report.Night.Cycle ?? (report.Clones.Count > 0 ? report.Clones[^1].Cycle : null);
        var clone = cycle is null ? null : report.Clones.LastOrDefault(c => c.Cycle == cycle);
        var (start, latest) = cycle is not null && cycle == report.Night.Cycle && report.Night.CycleStart is not null
            ? (report.Night.CycleStart, report.Night.LatestStart)
            : (clone?.CycleStart, clone?.LatestStart);

        // A night's runs were created from its start until the next night's; without a start, in the 24 hours before its clone (or now).
        var end = start?.AddDays(1) ?? clone?.Created ?? report.At;
        var begin = start ?? end.AddDays(-1);
        var runs = report.Runs.Where(r => (r.Created >= begin && r.Created < end) || (start is null && r.Created == end)).ToList();

        var nodes = runs
            .GroupBy(r => r.Node ?? NotPlaced, StringComparer.Ordinal)
            .OrderBy(g => g.Key == NotPlaced).ThenBy(g => Natural(g.Key), StringComparer.Ordinal)
            .Select(g => new TimelineRow(g.Key, [.. g.OrderBy(r => r.Created).Select(r => Bar(r, report.At))]))
            .ToList();
        var cloneRow = clone is null ? null : new TimelineRow("external clone",
            [new TimelineBar(clone.Job, clone.Job, clone.Created, clone.Started ?? (clone.Outcome == "running" ? null : clone.Created), clone.Finished ?? report.At, clone.Outcome)
            {
                Name = (clone.Node is null ? clone.Outcome : $"{clone.Node}: {clone.Outcome}") + (clone.OutcomeReason is null ? "" : $" ({clone.OutcomeReason})"),
            }]);

        var instants = nodes.Concat(cloneRow is null ? [] : [cloneRow]).SelectMany(r => r.Bars).SelectMany(b => new[] { b.WaitFrom, b.To })
            .Concat(new[] { start, latest }.OfType<DateTimeOffset>())
            .DefaultIfEmpty(report.At)
            .ToList();
        var offset = start?.Offset ?? latest?.Offset ?? TimeSpan.Zero;
        var from = Hour(instants.Min(), offset, up: false);
        var to = Hour(instants.Max(), offset, up: true);
        return new NightView
        {
            At = report.At,
            Cycle = cycle,
            Offset = offset,
            From = from,
            To = to > from ? to : from.AddHours(1),
            CycleStart = start,
            LatestStart = latest,
            Nodes = nodes,
            CloneLane = cloneRow,
            LastBackupEnded = runs.Select(r => r.Finished).Max(),
            Apps = report.Apps,
            Summary = Summary(runs, clone),
            FailedDrills = [.. report.Apps.Where(a => a.Drill == "failed").Select(a => $"{a.Namespace}/{a.App}")],
        };
    }

    private static TimelineBar Bar(RunRecord run, DateTimeOffset now)
    {
        var to = run.Finished ?? now;
        return new TimelineBar($"{run.Namespace}/{run.App}", run.Job, run.Created, run.Admitted, to < run.Created ? run.Created : to, run.Outcome);
    }

    private static string Summary(IReadOnlyList<RunRecord> runs, CloneRecord? clone)
    {
        var ok = runs.Count(r => r.Outcome == "ok");
        var open = runs.Count(r => r.Outcome is "running" or "waiting");
        var notOk = runs.Count - ok - open;
        var text = string.Create(CultureInfo.InvariantCulture, $"{runs.Count} backup{(runs.Count == 1 ? "" : "s")}: {ok} ok, {notOk} not ok, {open} still running or waiting. ");
        return text + (clone is null ? "External clone: not created."
            : $"External clone {clone.Job}: {clone.Outcome}{(clone.OutcomeReason is null ? "" : $": {clone.OutcomeReason}")}{(clone.Reason is null ? "" : $" ({clone.Reason})")}.");
    }

    private static DateTimeOffset Hour(DateTimeOffset t, TimeSpan offset, bool up)
    {
        var local = t.ToOffset(offset);
        var hour = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, offset);
        return up && hour < local ? hour.AddHours(1) : hour;
    }

    /// <summary>node-2 before node-10.</summary>
    private static string Natural(string name) => Digits().Replace(name, m => m.Value.PadLeft(10, '0'));

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
