using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>One app's change and its findings, in the order they are worth reading.</summary>
public sealed record AppDiff(AppKey App, AppChange Change, IReadOnlyList<DiffFinding> Findings)
{
    /// <summary>The topics touched, in first-seen order (the summary table's "what changes").</summary>
    public IReadOnlyList<DiffTopic> Topics => Findings.Select(f => f.Topic).Distinct().ToList();
}
