using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsBackup.Diffing;

/// <summary>The report as one stable JSON document, for bots and scripts; enums as camelCase strings.</summary>
public static class DiffJsonPrinter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Print(DiffReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var document = new
        {
            @base = report.Base,
            head = report.Head,
            changed = report.HasChanges,
            headValid = report.HeadValid,
            summary = DiffWords.Summary(report),
            warnings = report.Warnings.Select(Finding),
            apps = report.Apps.Select(a => new
            {
                @namespace = a.App.Namespace,
                name = a.App.Name,
                change = a.Change,
                findings = a.Findings.Select(Finding),
            }),
            repository = report.Repository.Select(Finding),
            headErrors = report.HeadErrors.Select(d => new
            {
                code = d.Code,
                file = d.Location.File,
                line = d.Location.Line,
                column = d.Location.Column,
                message = d.Message,
                hint = d.Hint,
            }),
            live = report.Live is { } l ? new
            {
                cluster = l.Cluster,
                summary = l.Summary,
                drifted = l.Drifted,
                pruned = l.Pruned,
                skipped = l.Skipped,
                guardErrors = l.GuardErrors,
            } : null,
            objects = report.Objects.Select(o => new
            {
                kind = o.Kind,
                @namespace = o.Namespace,
                name = o.Name,
                change = o.Change,
                diff = o.UnifiedDiff,
            }),
        };
        return JsonSerializer.Serialize(document, Options) + "\n";
    }

    private static object Finding(DiffFinding f) => new
    {
        severity = f.Severity,
        topic = f.Topic,
        app = f.App?.ToString(),
        text = f.Text,
        details = f.Details,
    };
}
