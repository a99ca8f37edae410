using System.Text;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>
/// The report as a pull-request comment: the <see cref="Marker"/> line first (a bot finds and updates
/// its own comment by it), a one-line summary, the head's errors and the warnings, a summary table,
/// then collapsible details per app and the object-level YAML diff, folded. Stable: the same report
/// gives the same bytes. Kept under GitHub's comment limit by leaving out object diffs past a budget.
/// </summary>
public static class DiffMarkdownPrinter
{
    /// <summary>The first line of every comment this printer makes.</summary>
    public const string Marker = "<!-- gitops-backup-diff -->";

    // GitHub refuses comments over 65,536 characters; leave room for everything above the objects.
    private const int ObjectBudget = 45_000;

    public static string Print(DiffReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        Line(md, Marker);
        Line(md, $"### Backup changes: `{Code(report.Base)}` → `{Code(report.Head)}`");
        Line(md);
        Line(md, $"**{Escape(DiffWords.Summary(report))}**");

        if (report.HeadErrors.Count > 0)
        {
            Line(md);
            Line(md, $"#### ❌ Errors at head ({report.HeadErrors.Count})");
            Line(md);
            foreach (var d in report.HeadErrors)
            {
                Line(md, $"- `{Code(d.Location.ToString())}` {Escape(d.Message)}" + (d.Hint is null ? "" : $"<br>hint: {Escape(d.Hint)}"));
            }
        }

        if (report.Warnings.Count > 0)
        {
            Line(md);
            Line(md, $"#### ⚠️ Warnings ({report.Warnings.Count})");
            Line(md);
            foreach (var w in report.Warnings)
            {
                Line(md, $"- {Icon(w.Severity)} **{Escape(DiffWords.Subject(w.App))}**: {Escape(w.Text)}");
            }
        }

        if (report.Apps.Count > 0 || report.Repository.Count > 0)
        {
            Line(md);
            Line(md, "| App | Change | What changes |");
            Line(md, "| --- | --- | --- |");
            foreach (var app in report.Apps)
            {
                Line(md, $"| `{Code(app.App.ToString())}` | {ChangeIcon(app.Change)} {DiffWords.Change(app.Change)} | {Topics(app.Findings)} |");
            }

            if (report.Repository.Count > 0)
            {
                Line(md, $"| repository | ✏️ changed | {Topics(report.Repository)} |");
            }

            foreach (var app in report.Apps)
            {
                Details(md, $"<b>{Escape(app.App.ToString())}</b>: {DiffWords.Change(app.Change)}", app.Findings);
            }

            if (report.Repository.Count > 0)
            {
                Details(md, "<b>repository</b>: BackupDefaults, ExternalClone", report.Repository);
            }
        }

        if (report.Live is { } live)
        {
            Line(md);
            Line(md, $"#### Cluster `{Code(live.Cluster)}`: {Escape(live.Summary)}");
            Line(md);
            foreach (var (label, items) in new[] { ("drifted", live.Drifted), ("pruned", live.Pruned), ("skipped", live.Skipped) })
            {
                foreach (var item in items)
                {
                    Line(md, $"- {label}: {Escape(item)}");
                }
            }

            Line(md, $"- {(live.GuardErrors.Count == 0 ? "" : "🛑 ")}{Escape(live.GuardVerdict)}");
        }

        if (report.Objects.Count > 0)
        {
            Objects(md, report);
        }

        return md.ToString();
    }

    private static void Details(StringBuilder md, string summary, IReadOnlyList<DiffFinding> findings)
    {
        Line(md);
        Line(md, $"<details><summary>{summary}</summary>");
        Line(md);
        foreach (var f in findings)
        {
            Line(md, $"- {(f.Severity == DiffSeverity.Info ? "" : Icon(f.Severity) + " ")}{Escape(f.Text)}");
            foreach (var detail in f.Details)
            {
                Line(md, $"  - {Escape(detail)}");
            }
        }

        Line(md);
        Line(md, "</details>");
    }

    private static void Objects(StringBuilder md, DiffReport report)
    {
        Line(md);
        Line(md, $"<details><summary>Rendered objects — {Escape(DiffWords.ObjectSummary(report))}</summary>");
        var used = 0;
        var shown = 0;
        foreach (var o in report.Objects)
        {
            if (used + o.UnifiedDiff.Length > ObjectBudget && shown > 0)
            {
                break;
            }

            used += o.UnifiedDiff.Length;
            shown++;
            var fence = Fence(o.UnifiedDiff);
            Line(md);
            Line(md, $"**{o.Kind} `{Code(o.Namespace + "/" + o.Name)}`** ({DiffWords.Change(o.Change)})");
            Line(md);
            Line(md, fence + "diff");
            md.Append(o.UnifiedDiff);
            if (!o.UnifiedDiff.EndsWith('\n'))
            {
                md.Append('\n');
            }

            Line(md, fence);
        }

        if (shown < report.Objects.Count)
        {
            Line(md);
            Line(md, $"{report.Objects.Count - shown} more object diff(s) left out to fit a comment; run `gitops-backup diff --objects` locally to see them.");
        }

        Line(md);
        Line(md, "</details>");
    }

    private static string Topics(IEnumerable<DiffFinding> findings) =>
        string.Join(", ", findings.Select(f => f.Topic).Distinct().Select(DiffWords.Topic));

    private static string Icon(DiffSeverity severity) => severity == DiffSeverity.Danger ? "🛑" : "⚠️";

    private static string ChangeIcon(AppChange change) => change switch
    {
        AppChange.Added => "➕",
        AppChange.Removed => "➖",
        AppChange.Broken => "❌",
        AppChange.Fixed => "🔧",
        _ => "✏️",
    };

    // A code fence longer than any run of backticks in the text, so the text cannot close it.
    private static string Fence(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return new string('`', Math.Max(3, longest + 1));
    }

    /// <summary>Backslash-escapes what markdown (and GitHub's HTML filter) would read as markup: cron's '*', '|' in tables, '&lt;'.</summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '~')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    // Inside a code span only a backtick matters; none of our names has one, but a revision label might.
    private static string Code(string text) => text.Replace('`', '\'');

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
