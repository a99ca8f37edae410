using System.Globalization;
using System.Net;
using System.Text;

namespace GitOpsBackup.Reporting;

/// <summary>
/// <see cref="NightView"/> → one self-contained HTML page: the night as an inline SVG timeline (a lane
/// per node, a bar per run, the clone's lane, the cycle's start and latest start), then the per-app
/// table. No script, no external font, style or image: it reads the same saved, mailed or offline,
/// in light and dark. Every text from the cluster is escaped (app names come from users' repos).
/// </summary>
internal static class NightPage
{
    // The SVG's user units; the page scales it to its width (and lets it scroll below MinWidth, see the style).
    private const double Width = 760;
    private const double Gutter = 124; // lane labels
    private const double Right = 22;
    private const double Top = 40; // the marks' labels, then the hours
    private const double LaneHeight = 34;
    private const double BarY = 8;
    private const double BarHeight = 18;
    private const double WaitInset = 4;
    private const double CharWidth = 8.8; // of the bar labels at their phone size (16 units), roughly: only to decide whether a label fits

    /// <summary>Bar and badge classes; anything else is drawn as "other" (a class attribute never carries cluster text).</summary>
    private static readonly HashSet<string> Outcomes = new(StringComparer.Ordinal) { "ok", "partial", "empty", "failed", "refused", "deadline", "unplaceable", "running", "waiting", "never", "suspended" };

    public static string Render(NightView view)
    {
        var title = view.Cycle is { } c ? $"Backups: the night of {Day(c)}" : "Backups: the last 24 hours";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>{E(title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <header>
            <h1>{E(title)}{(view.Simulated ? " <span class=\"simulated\">SIMULATED</span>" : "")}</h1>
            <p class="summary">{E(view.Summary)}</p>{DrillsFailed(view)}
            <p class="meta">As of {E(Clock(view.At, view.Offset, withDate: true))}; times in {E(Utc(view.Offset))}.</p>
            </header>
            <main>
            <section aria-label="Timeline">
            <div class="scroll">

            """);
        Timeline(html, view, title);
        html.Append("""
            </div>
            <ul class="legend">
            <li><span class="swatch ok"></span>ok</li>
            <li><span class="swatch partial"></span>partial</li>
            <li><span class="swatch empty"></span>empty</li>
            <li><span class="swatch failed"></span>failed</li>
            <li><span class="swatch running"></span>running</li>
            <li><span class="swatch ok wait"></span>waiting for its node</li>
            <li><span class="line start"></span>cycle start</li>
            <li><span class="line latest"></span>latest start</li>
            <li><span class="line handoff"></span>last backup finished</li>
            </ul>
            </section>
            <section aria-label="Apps">
            <h2>Apps</h2>
            <div class="scroll">

            """);
        Table(html, view);
        html.Append("""
            </div>
            </section>
            </main>
            <footer>gitops-backup status</footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    /// <summary>A failed restore drill is as loud as a failed backup: a line under the summary naming the apps, or nothing.</summary>
    private static string DrillsFailed(NightView view) => view.FailedDrills.Count == 0
        ? ""
        : $"\n<p class=\"summary\" data-drills=\"failed\"><span class=\"badge failed\">restore drill failed</span> {E(string.Join(", ", view.FailedDrills))}: not proven restorable; the verify Job's log says why.</p>";

    private static void Timeline(StringBuilder svg, NightView view, string title)
    {
        var lanes = view.Nodes.Count + (view.CloneLane is null ? 0 : 1);
        var cloneGap = view.CloneLane is null ? 0 : 10;
        var height = Top + (Math.Max(lanes, 1) * LaneHeight) + cloneGap + 6;
        var bottom = height - 6;
        svg.Append(CultureInfo.InvariantCulture, $"""<svg class="timeline" viewBox="0 0 {N(Width)} {N(height)}" role="img" aria-labelledby="timeline-title">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"timeline-title\">{E(title)}: one lane per node, one bar per backup run</title>\n");

        // The hours: a line and a label each; every second or fourth hour on long nights.
        var hours = (int)Math.Round((view.To - view.From).TotalHours);
        var step = hours <= 12 ? 1 : hours <= 24 ? 2 : 4;
        svg.Append("<g class=\"hours\">\n");
        for (var h = 0; h <= hours; h += step)
        {
            var t = view.From.AddHours(h);
            var x = X(view, t);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(x)}\" y1=\"{N(Top - 8)}\" x2=\"{N(x)}\" y2=\"{N(bottom)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(Top - 12)}\" text-anchor=\"middle\">{E(Clock(t, view.Offset))}</text>\n");
        }

        svg.Append("</g>\n");

        var y = Top;
        foreach (var row in view.Nodes)
        {
            Lane(svg, view, row, y, $"class=\"lane\" data-node=\"{E(row.Label)}\"");
            y += LaneHeight;
        }

        if (view.Nodes.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"none\" x=\"{N(Gutter + 8)}\" y=\"{N(y + BarY + 13)}\">No backup ran in this night.</text>\n");
            y += LaneHeight;
        }

        if (view.CloneLane is { } clone)
        {
            y += cloneGap;
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"divider\" x1=\"0\" y1=\"{N(y - (cloneGap / 2))}\" x2=\"{N(Width)}\" y2=\"{N(y - (cloneGap / 2))}\"/>\n");
            Lane(svg, view, clone, y, "class=\"lane clone\" data-row=\"clone\"");
            if (view.LastBackupEnded is { } ended)
            {
                var x = X(view, ended);
                svg.Append(CultureInfo.InvariantCulture, $"<line class=\"handoff\" x1=\"{N(x)}\" y1=\"{N(y + 2)}\" x2=\"{N(x)}\" y2=\"{N(y + LaneHeight - 2)}\"><title>last backup finished {E(Clock(ended, view.Offset))}</title></line>\n");
            }
        }

        Mark(svg, view, view.CycleStart, "start", "cycle start", bottom);
        Mark(svg, view, view.LatestStart, "latest", "latest start", bottom);
        svg.Append("</svg>\n");
    }

    private static void Lane(StringBuilder svg, NightView view, TimelineRow row, double y, string attributes)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<g {attributes}>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"lane-label\" x=\"8\" y=\"{N(y + BarY + 13)}\">{E(row.Label)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"rule\" x1=\"{N(Gutter)}\" y1=\"{N(y + LaneHeight - 1)}\" x2=\"{N(Width - Right)}\" y2=\"{N(y + LaneHeight - 1)}\"/>\n");
        // The waits first, thin and light, so that a run on the node is never hidden under a Job waiting for it.
        foreach (var bar in row.Bars)
        {
            var waitFrom = X(view, bar.WaitFrom);
            var waitTo = bar.RunFrom is { } r ? X(view, r) : X(view, bar.To);
            if (waitTo - waitFrom >= 0.5)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"wait {Class(bar.Outcome)}\" data-app=\"{E(bar.Label)}\" x=\"{N(waitFrom)}\" y=\"{N(y + BarY + WaitInset)}\" width=\"{N(waitTo - waitFrom)}\" height=\"{N(BarHeight - (2 * WaitInset))}\"><title>{E(Tooltip(bar, view.Offset))}</title></rect>\n");
            }
        }

        var previous = Gutter;
        for (var i = 0; i < row.Bars.Count; i++)
        {
            var bar = row.Bars[i];
            var next = i + 1 < row.Bars.Count ? X(view, row.Bars[i + 1].WaitFrom) : Width - Right;
            previous = Bar(svg, view, bar, y + BarY, previous, next);
        }

        svg.Append("</g>\n");
    }

    /// <summary>Draws one bar between the previous bar's end (or its label's) and the next bar's start; returns where it (or its label) ends.</summary>
    private static double Bar(StringBuilder svg, NightView view, TimelineBar bar, double y, double previousX, double nextX)
    {
        var outcome = Class(bar.Outcome);
        var waitFrom = X(view, bar.WaitFrom);
        var runFrom = bar.RunFrom is { } r ? X(view, r) : (double?)null;
        var to = X(view, bar.To);
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\" data-app=\"{E(bar.Label)}\" data-job=\"{E(bar.Job)}\" data-outcome=\"{outcome}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{E(Tooltip(bar, view.Offset))}</title>");
        if (runFrom is { } from)
        {
            // Never thinner than 2 units: a two-minute backup is still seen.
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"run {outcome}\" x=\"{N(from)}\" y=\"{N(y)}\" width=\"{N(Math.Max(2, to - from))}\" height=\"{N(BarHeight)}\" rx=\"2\"/>");
        }

        // The app's name inside its bar when it fits, else just after it or just before it where the lane is free; the tooltip and the table always have it.
        var name = bar.Name ?? bar.Label[(bar.Label.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var textWidth = (name.Length * CharWidth) + 8;
        var start = runFrom ?? waitFrom;
        var end = Math.Max(to, start + 2);
        if (end - start >= textWidth && runFrom is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-label inside\" x=\"{N(start + 4)}\" y=\"{N(y + 13)}\">{E(name)}</text>");
        }
        else if (nextX - end - 4 >= textWidth)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-label\" x=\"{N(end + 4)}\" y=\"{N(y + 13)}\">{E(name)}</text>");
            end += textWidth;
        }
        else if (waitFrom - previousX - 7 >= textWidth)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"bar-label\" x=\"{N(waitFrom - 7)}\" y=\"{N(y + 13)}\" text-anchor=\"end\">{E(name)}</text>");
        }

        svg.Append("</g>\n");
        return end;
    }

    private static void Mark(StringBuilder svg, NightView view, DateTimeOffset? at, string kind, string label, double bottom)
    {
        if (at is not { } t || t < view.From || t > view.To)
        {
            return;
        }

        var x = X(view, t);
        var anchor = x < Width / 2 ? "start" : "end";
        var textX = anchor == "start" ? x + 3 : x - 3;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"mark {kind}\"><line x1=\"{N(x)}\" y1=\"4\" x2=\"{N(x)}\" y2=\"{N(bottom)}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(textX)}\" y=\"12\" text-anchor=\"{anchor}\">{E($"{label} {Clock(t, view.Offset)}")}</text></g>\n");
    }

    private static void Table(StringBuilder html, NightView view)
    {
        html.Append("<table>\n<thead><tr><th>Namespace</th><th>App</th><th>Schedule</th><th>Node</th><th>Last run</th><th>Outcome</th><th>Last success</th><th>Age</th></tr></thead>\n<tbody>\n");
        foreach (var app in view.Apps)
        {
            var zone = StatusPrinter.Zone(app.TimeZone);
            var outcome = app.Suspended && app.LastOutcome == "never" ? "suspended" : app.LastOutcome;
            var badge = Class(outcome.Split(':')[0]);
            var age = app.LastSuccess is { } ok ? StatusPrinter.Age(view.At - ok) : "never";
            html.Append(CultureInfo.InvariantCulture, $"<tr data-app=\"{E($"{app.Namespace}/{app.App}")}\"{(app.Overdue ? " class=\"overdue\"" : "")}>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{E(app.Namespace)}</td><td class=\"app\">{E(app.App)}</td><td><code>{E(app.Schedule)}</code> <span class=\"zone\">{E(app.TimeZone)}</span></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{E(app.Node ?? "–")}</td><td>{E(Local(app.LastRunAt, zone))}</td><td><span class=\"badge {badge}\">{E(outcome)}</span></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{E(Local(app.LastSuccess, zone))}</td><td>{E(age)}{(app.Overdue ? " <span class=\"badge overdue\">overdue</span>" : "")}</td></tr>\n");
        }

        if (view.Apps.Count == 0)
        {
            html.Append("<tr><td colspan=\"8\">No app has a backup CronJob.</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string Tooltip(TimelineBar bar, TimeSpan offset)
    {
        var text = new StringBuilder(bar.Label).Append(" (").Append(bar.Job).Append("): ").Append(bar.Outcome);
        if (bar.RunFrom is { } run)
        {
            if (run - bar.WaitFrom >= TimeSpan.FromSeconds(30))
            {
                text.Append(CultureInfo.InvariantCulture, $"; waited {Clock(bar.WaitFrom, offset)}–{Clock(run, offset)}");
            }

            text.Append(CultureInfo.InvariantCulture, $"; ran {Clock(run, offset)}–{Clock(bar.To, offset)} ({StatusPrinter.Age(bar.To - run)})");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"; waiting since {Clock(bar.WaitFrom, offset)}");
        }

        return text.ToString();
    }

    private static double X(NightView view, DateTimeOffset t)
    {
        var span = (view.To - view.From).TotalSeconds;
        var share = Math.Clamp((t - view.From).TotalSeconds / span, 0, 1);
        return Gutter + (share * (Width - Gutter - Right));
    }

    private static string Class(string outcome) => Outcomes.Contains(outcome) ? outcome : "other";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Clock(DateTimeOffset t, TimeSpan offset, bool withDate = false) =>
        t.ToOffset(offset).ToString(withDate ? "yyyy-MM-dd HH:mm" : "HH:mm", CultureInfo.InvariantCulture);

    private static string Utc(TimeSpan offset) => offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset:hh\\:mm}";

    private static string Local(DateTimeOffset? at, TimeZoneInfo zone) =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "–";

    /// <summary>System fonts only; colours as variables, swapped for dark; below 640 px the timeline scrolls sideways at a legible size.</summary>
    private const string Style = """

        :root { color-scheme: light dark; --bg: #f6f8fa; --card: #ffffff; --fg: #1f2328; --muted: #59636e; --grid: #d8dee4; --rule: #eaeef2;
          --ok: #2da44e; --partial: #bf8700; --empty: #e16f24; --failed: #cf222e; --running: #0969da; --waiting: #8c959f; --start: #8250df; --latest: #bc4c00; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --card: #151b23; --fg: #e6edf3; --muted: #9198a1; --grid: #3d444d; --rule: #262c36;
            --ok: #3fb950; --partial: #d29922; --empty: #db6d28; --failed: #f85149; --running: #4493f8; --waiting: #6e7681; --start: #ab7df8; --latest: #f0883e; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 16px; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        header, main, footer { max-width: 1100px; margin: 0 auto; }
        h1 { font-size: 1.35rem; margin: 0 0 4px; font-weight: 600; }
        h2 { font-size: 1.05rem; margin: 0 0 8px; font-weight: 600; }
        .summary { margin: 0 0 2px; }
        .meta, footer, .zone { color: var(--muted); font-size: 0.85rem; }
        .meta { margin: 0 0 16px; }
        footer { margin-top: 24px; }
        .simulated { font-size: 0.75rem; vertical-align: middle; padding: 2px 6px; border-radius: 4px; background: var(--partial); color: #000; letter-spacing: 0.05em; }
        section { background: var(--card); border: 1px solid var(--rule); border-radius: 8px; padding: 12px; margin-bottom: 16px; }
        .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
        svg.timeline { display: block; width: 100%; min-width: 560px; height: auto; font-size: 11px; }
        svg text { fill: var(--fg); }
        .hours line { stroke: var(--grid); stroke-width: 1; }
        .hours text { fill: var(--muted); font-size: 11px; font-variant-numeric: tabular-nums; }
        .lane-label { font-size: 12px; font-weight: 600; }
        .clone .lane-label { fill: var(--muted); }
        .rule, .divider { stroke: var(--rule); }
        .divider { stroke: var(--grid); stroke-dasharray: 2 3; }
        .bar-label { font-size: 11px; }
        .bar-label.inside { fill: #fff; }
        .run.ok, .wait.ok, .swatch.ok { fill: var(--ok); background: var(--ok); }
        .run.partial, .wait.partial, .swatch.partial { fill: var(--partial); background: var(--partial); }
        .run.empty, .wait.empty, .swatch.empty { fill: var(--empty); background: var(--empty); }
        .run.failed, .run.refused, .run.deadline, .run.unplaceable, .run.other, .wait.failed, .wait.deadline, .wait.unplaceable, .wait.other, .swatch.failed { fill: var(--failed); background: var(--failed); }
        .run.running, .wait.running, .swatch.running { fill: var(--running); background: var(--running); }
        .wait.waiting { fill: var(--waiting); }
        .wait, .swatch.wait { opacity: 0.35; }
        .swatch.wait { height: 6px; }
        .mark line { stroke-width: 1.5; stroke-dasharray: 5 3; }
        .mark text { font-size: 11px; font-weight: 600; }
        .mark.start line { stroke: var(--start); } .mark.start text { fill: var(--start); }
        .mark.latest line { stroke: var(--latest); } .mark.latest text { fill: var(--latest); }
        .handoff { stroke: var(--muted); stroke-width: 2; }
        .none { fill: var(--muted); }
        .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 10px 0 0; padding: 0; font-size: 0.85rem; color: var(--muted); }
        .legend li { display: flex; align-items: center; gap: 6px; }
        .swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; }
        .line { display: inline-block; width: 14px; height: 0; border-top: 2px dashed; }
        .line.start { border-color: var(--start); } .line.latest { border-color: var(--latest); }
        .line.handoff { width: 2px; height: 12px; border: 0; background: var(--muted); }
        table { border-collapse: collapse; width: 100%; font-size: 0.9rem; white-space: nowrap; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--rule); }
        th { color: var(--muted); font-weight: 600; font-size: 0.8rem; }
        td.app { font-weight: 600; }
        code { font: 0.85rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        tr.overdue td { background: color-mix(in srgb, var(--failed) 8%, transparent); }
        .badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 0.8rem; line-height: 1.5; border: 1px solid currentColor; }
        .badge.ok { color: var(--ok); } .badge.partial { color: var(--partial); } .badge.empty { color: var(--empty); }
        .badge.failed, .badge.refused, .badge.deadline, .badge.unplaceable, .badge.other, .badge.overdue { color: var(--failed); }
        .badge.running { color: var(--running); } .badge.waiting, .badge.never, .badge.suspended { color: var(--muted); }
        .badge.overdue { font-weight: 600; }
        @media (max-width: 640px) {
          body { padding: 10px; font-size: 14px; } section { padding: 10px 8px; }
          .hours text, .mark text, .bar-label { font-size: 16px; } .lane-label { font-size: 15px; }
        }

        """;
}
