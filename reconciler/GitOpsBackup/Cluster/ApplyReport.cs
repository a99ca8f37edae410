using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Cluster;

/// <summary>What one apply did, object by object, in plan order.</summary>
internal sealed record ApplyReport(IReadOnlyList<ObjectResult> Objects, IReadOnlyList<string> PlanErrors)
{
    public int Count(ObjectOutcome outcome) => Objects.Count(o => o.Outcome == outcome);

    public bool Failed => Objects.Any(o => o.Outcome == ObjectOutcome.Failed);

    /// <summary>Apps with at least one failed object (null = repo-wide objects).</summary>
    public IReadOnlyList<AppKey?> FailedApps => Objects.Where(o => o.Outcome == ObjectOutcome.Failed).Select(o => o.Change.App).Distinct().ToList();

    public string Summary =>
        $"{Count(ObjectOutcome.Created)} created, {Count(ObjectOutcome.Updated)} updated, {Count(ObjectOutcome.Recreated)} recreated, " +
        $"{Count(ObjectOutcome.Deleted)} deleted, {Count(ObjectOutcome.Unchanged)} unchanged, {Count(ObjectOutcome.Skipped)} skipped, " +
        $"{Count(ObjectOutcome.Failed)} failed";
}
