using System.Text;

namespace GitOpsBackup.Diffing;

/// <summary>
/// The report for a terminal: summary, errors, warnings, then each app and the repo-wide findings;
/// the object diffs folded to one line each unless asked for. Each line says how it may be coloured;
/// <see cref="Plain"/> joins them without colour (piped output, tests).
/// </summary>
public static class DiffTextPrinter
{
    public static IReadOnlyList<StyledLine> Lines(DiffReport report, bool showObjects)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<StyledLine>
        {
            new(LineStyle.Heading, $"gitops-backup diff {report.Base} → {report.Head}"),
            new(LineStyle.Plain, DiffWords.Summary(report)),
        };

        if (report.HeadErrors.Count > 0)
        {
            lines.Add(new(LineStyle.Plain, ""));
            lines.Add(new(LineStyle.Heading, "errors at head:"));
            lines.AddRange(report.HeadErrors.Select(d => new StyledLine(LineStyle.Danger, $"  {d.Location}: {d.Message}" + (d.Hint is null ? "" : $" (hint: {d.Hint})"))));
        }

        if (report.Warnings.Count > 0)
        {
            lines.Add(new(LineStyle.Plain, ""));
            lines.Add(new(LineStyle.Heading, "warnings:"));
            lines.AddRange(report.Warnings.Select(w => new StyledLine(Style(w.Severity), $"  {Mark(w.Severity)} {DiffWords.Subject(w.App)}: {w.Text}")));
        }

        foreach (var app in report.Apps)
        {
            lines.Add(new(LineStyle.Plain, ""));
            lines.Add(new(Style(app.Change), $"{Sign(app.Change)} {app.App} ({DiffWords.Change(app.Change)})"));
            Findings(lines, app.Findings);
        }

        if (report.Repository.Count > 0)
        {
            lines.Add(new(LineStyle.Plain, ""));
            lines.Add(new(LineStyle.Changed, "~ repository (BackupDefaults, ExternalClone)"));
            Findings(lines, report.Repository);
        }

        if (report.Objects.Count > 0)
        {
            lines.Add(new(LineStyle.Plain, ""));
            lines.Add(new(LineStyle.Heading, DiffWords.ObjectSummary(report) + (showObjects ? "" : " (--objects prints the YAML diff)")));
            foreach (var o in report.Objects)
            {
                lines.Add(new(Style(o.Change), $"  {Sign(o.Change)} {o}"));
                if (showObjects)
                {
                    lines.AddRange(o.UnifiedDiff.TrimEnd('\n').Split('\n').Select(l => new StyledLine(DiffLineStyle(l), "    " + l)));
                }
            }
        }

        if (report.Live is { } live)
        {
            lines.Add(new(LineStyle.Plain, ""));
            lines.Add(new(LineStyle.Heading, $"cluster {live.Cluster}: {live.Summary}"));
            lines.AddRange(live.Drifted.Select(d => new StyledLine(LineStyle.Warning, $"  drifted: {d}")));
            lines.AddRange(live.Pruned.Select(d => new StyledLine(LineStyle.Removed, $"  pruned:  {d}")));
            lines.AddRange(live.Skipped.Select(d => new StyledLine(LineStyle.Dim, $"  skipped: {d}")));
            lines.Add(new(live.GuardErrors.Count == 0 ? LineStyle.Plain : LineStyle.Danger, $"  {live.GuardVerdict}"));
        }

        return lines;
    }

    public static string Plain(DiffReport report, bool showObjects)
    {
        var text = new StringBuilder();
        foreach (var line in Lines(report, showObjects))
        {
            text.Append(line.Text).Append('\n');
        }

        return text.ToString();
    }

    private static void Findings(List<StyledLine> lines, IEnumerable<DiffFinding> findings)
    {
        foreach (var f in findings)
        {
            lines.Add(new(Style(f.Severity), $"    {(f.Severity == DiffSeverity.Info ? "-" : Mark(f.Severity))} {f.Text}"));
            lines.AddRange(f.Details.Select(d => new StyledLine(LineStyle.Dim, $"        {d}")));
        }
    }

    private static string Mark(DiffSeverity severity) => severity == DiffSeverity.Danger ? "!!" : "!";

    private static LineStyle Style(DiffSeverity severity) => severity switch
    {
        DiffSeverity.Danger => LineStyle.Danger,
        DiffSeverity.Warning => LineStyle.Warning,
        _ => LineStyle.Plain,
    };

    private static LineStyle Style(AppChange change) => change switch
    {
        AppChange.Added or AppChange.Fixed => LineStyle.Added,
        AppChange.Removed => LineStyle.Removed,
        AppChange.Broken => LineStyle.Danger,
        _ => LineStyle.Changed,
    };

    private static LineStyle Style(ObjectChange change) => change switch
    {
        ObjectChange.Added => LineStyle.Added,
        ObjectChange.Removed => LineStyle.Removed,
        _ => LineStyle.Changed,
    };

    private static string Sign(AppChange change) => change switch
    {
        AppChange.Added or AppChange.Fixed => "+",
        AppChange.Removed => "-",
        AppChange.Broken => "x",
        _ => "~",
    };

    private static string Sign(ObjectChange change) => change switch
    {
        ObjectChange.Added => "+",
        ObjectChange.Removed => "-",
        _ => "~",
    };

    private static LineStyle DiffLineStyle(string line) =>
        line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal) ? LineStyle.Heading
        : line.StartsWith('+') ? LineStyle.Added
        : line.StartsWith('-') ? LineStyle.Removed
        : line.StartsWith("@@", StringComparison.Ordinal) ? LineStyle.Dim
        : LineStyle.Plain;
}
