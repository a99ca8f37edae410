using GitOpsBackup.Specs;

namespace GitOpsBackup.Diffing;

/// <summary>
/// What a change to the config repo does to the backups: per app (added, removed, changed, broken),
/// repo-wide (defaults, external clone), the head's validation errors, and the object-level YAML
/// diff. A pure value; the printers turn it into text, markdown or JSON.
/// </summary>
public sealed record DiffReport
{
    public required string Base { get; init; }

    public required string Head { get; init; }

    /// <summary>Apps with something to report, ordered by namespace and name.</summary>
    public required IReadOnlyList<AppDiff> Apps { get; init; }

    /// <summary>Repo-wide findings: BackupDefaults and ExternalClone.</summary>
    public required IReadOnlyList<DiffFinding> Repository { get; init; }

    /// <summary>Every error of the head revision (spec validation and rendering).</summary>
    public required IReadOnlyList<Diagnostic> HeadErrors { get; init; }

    /// <summary>Rendered objects that differ, ordered by kind, namespace and name.</summary>
    public required IReadOnlyList<ObjectDiff> Objects { get; init; }

    /// <summary>What the live cluster would see (only with diff --kubeconfig).</summary>
    public LiveCheck? Live { get; init; }

    /// <summary>True when applying head would change anything, or an app's spec changed state.</summary>
    public bool HasChanges => Apps.Count > 0 || Repository.Count > 0 || Objects.Count > 0;

    public bool HeadValid => HeadErrors.Count == 0;

    /// <summary>Every warning and danger, dangers first, then app findings by app, then repo-wide ones.</summary>
    public IReadOnlyList<DiffFinding> Warnings =>
        Apps.SelectMany(a => a.Findings).Concat(Repository)
            .Where(f => f.Severity != DiffSeverity.Info)
            .OrderByDescending(f => f.Severity)
            .ToList();

    public int Count(AppChange change) => Apps.Count(a => a.Change == change);
}
