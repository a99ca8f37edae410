using System.Text.Json;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Cli.Formatting;

/// <summary>
/// Prints a loaded <see cref="SpecSet"/>'s findings. Text: <c>file:line:col: error: message</c>, an
/// indented hint, then a one-line summary. JSON: one stable object. GitHub: ::error/::warning
/// annotations whose file is prefixed with the validated folder so it resolves from the workspace.
/// Every user-controlled string is escaped for its format: text and GitHub escape control characters
/// (<see cref="PrintableText"/>), GitHub then applies the workflow-command rules, JSON leaves it to the serializer.
/// </summary>
internal static class DiagnosticWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(TextWriter output, SpecSet specs, DiagnosticFormat format, string displayRoot)
    {
        switch (format)
        {
            case DiagnosticFormat.Json:
                WriteJson(output, specs);
                break;
            case DiagnosticFormat.Github:
                WriteGithub(output, specs, displayRoot);
                break;
            default:
                WriteText(output, specs);
                break;
        }
    }

    public static string Summary(SpecSet specs)
    {
        var errors = specs.Diagnostics.Count(d => d.Severity == Severity.Error);
        var warnings = specs.Diagnostics.Count - errors;
        var what = $"{Plural(specs.Apps.Count, "valid app")}, {(specs.Defaults is null ? "no" : "1")} BackupDefaults, {(specs.ExternalClone is null ? "no" : "1")} ExternalClone";
        return errors == 0
            ? $"valid: {what}; {Plural(warnings, "warning")}"
            : $"invalid: {Plural(errors, "error")}, {Plural(warnings, "warning")} in {Plural(specs.FilesWithErrors.Count, "file")}; {what}";
    }

    // Keys, values and file names in findings are the repo author's: each line is escaped, so none can add a line.
    private static void WriteText(TextWriter output, SpecSet specs)
    {
        foreach (var d in specs.Diagnostics)
        {
            output.WriteLine(PrintableText.Escape($"{d.Location}: {Level(d)}: {d.Message}"));
            if (!string.IsNullOrEmpty(d.Hint))
            {
                output.WriteLine($"    hint: {PrintableText.Escape(d.Hint)}");
            }
        }

        output.WriteLine(Summary(specs));
    }

    private static void WriteJson(TextWriter output, SpecSet specs)
    {
        var errors = specs.Diagnostics.Count(d => d.Severity == Severity.Error);
        var document = new
        {
            valid = errors == 0,
            errors,
            warnings = specs.Diagnostics.Count - errors,
            apps = specs.Apps.Select(a => new { @namespace = a.Namespace, name = a.Name, file = a.Location.File }),
            backupDefaults = specs.Defaults?.Location.File,
            externalClone = specs.ExternalClone?.Location.File,
            diagnostics = specs.Diagnostics.Select(d => new
            {
                severity = Level(d),
                code = d.Code,
                file = d.Location.File,
                line = d.Location.Line,
                column = d.Location.Column,
                message = d.Message,
                hint = d.Hint,
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(document, Indented));
    }

    // Control characters are escaped first (ESC must not reach the log viewer), then the workflow-command
    // escaping applies; the one real line break, before the hint, becomes %0A like any other.
    private static void WriteGithub(TextWriter output, SpecSet specs, string displayRoot)
    {
        foreach (var d in specs.Diagnostics)
        {
            var file = d.Location.File == "." ? displayRoot : displayRoot == "." ? d.Location.File : displayRoot.TrimEnd('/') + "/" + d.Location.File;
            var message = PrintableText.Escape(d.Message) + (d.Hint is null ? "" : $"\nhint: {PrintableText.Escape(d.Hint)}");
            output.WriteLine($"::{Level(d)} file={Property(PrintableText.Escape(file))},line={d.Location.Line},col={d.Location.Column},title={Property(PrintableText.Escape(d.Code))}::{Data(message)}");
        }

        output.WriteLine(Summary(specs));
    }

    private static string Level(Diagnostic d) => d.Severity == Severity.Error ? "error" : "warning";

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    // GitHub workflow command escaping (actions/toolkit: command.ts): data escapes %, CR and LF; properties also : and ,.
    private static string Data(string s) => s.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string s) => Data(s).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
