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
    /// <summary>
    /// Place (file ordinally, line, column), then errors before warnings, then code, message and hint: a total
    /// order, so findings print the same way on every run whatever order the checks found them in.
    /// </summary>
    public static IComparer<Diagnostic> Order { get; } = Comparer<Diagnostic>.Create(static (a, b) =>
    {
        var by = string.CompareOrdinal(a.Location.File, b.Location.File);
        by = by != 0 ? by : a.Location.Line.CompareTo(b.Location.Line);
        by = by != 0 ? by : a.Location.Column.CompareTo(b.Location.Column);
        by = by != 0 ? by : a.Severity.CompareTo(b.Severity);
        by = by != 0 ? by : string.CompareOrdinal(a.Code, b.Code);
        by = by != 0 ? by : string.CompareOrdinal(a.Message, b.Message);
        return by != 0 ? by : string.CompareOrdinal(a.Hint, b.Hint);
    });

    public static Diagnostic Error(SourceLocation at, string code, string message, string? hint = null) =>
        new(Severity.Error, at, code, message, hint);

    public static Diagnostic Warning(SourceLocation at, string code, string message, string? hint = null) =>
        new(Severity.Warning, at, code, message, hint);

    /// <summary>One line, whatever the message holds: user text in it is escaped (<see cref="PrintableText"/>).</summary>
    public override string ToString() => PrintableText.Escape(
        $"{Location}: {(Severity == Severity.Error ? "error" : "warning")}: {Message}" + (Hint is null ? "" : $" (hint: {Hint})"));
}
