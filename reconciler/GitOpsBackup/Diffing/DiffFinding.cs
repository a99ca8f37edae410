using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>
/// One line of the report, in the reviewer's terms ("retention weekly 6 → 2: up to 4 weekly snapshots
/// are deleted at the next prune"), with optional detail lines (e.g. the next runs of a schedule).
/// </summary>
/// <param name="App">The app it is about; null for repo-wide findings (defaults, the external clone).</param>
public sealed record DiffFinding(DiffSeverity Severity, DiffTopic Topic, AppKey? App, string Text)
{
    public IReadOnlyList<string> Details { get; init; } = [];
}
