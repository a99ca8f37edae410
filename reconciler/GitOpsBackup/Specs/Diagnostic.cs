namespace GitOpsBackup.Specs;

public enum Severity
{
    Error,
    Warning,
}

/// <summary>
/// One finding about the config repo, always with where it is and how to fix it.
/// Printed as <c>file:line:col: error: message</c> followed by the hint.
/// </summary>
/// <param name="Code">A stable identifier (e.g. <c>schema</c>, <c>cron</c>, <c>namespace</c>) for machines and docs.</param>
public sealed record Diagnostic(Severity Severity, SourceLocation Location, string Code, string Message, string? Hint = null)
{
    public static Diagnostic Error(SourceLocation at, string code, string message, string? hint = null) =>
        new(Severity.Error, at, code, message, hint);

    public static Diagnostic Warning(SourceLocation at, string code, string message, string? hint = null) =>
        new(Severity.Warning, at, code, message, hint);

    public override string ToString() =>
        $"{Location}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}" + (Hint is null ? "" : $" (hint: {Hint})");
}
