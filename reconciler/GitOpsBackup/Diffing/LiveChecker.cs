using GitOpsBackup.Planning;

namespace GitOpsBackup.Diffing;

/// <summary>
/// The planner's change set for head against the live cluster → a <see cref="LiveCheck"/>. Changes
/// the pull request explains (objects in the report) are not drift; the rest are.
/// </summary>
internal static class LiveChecker
{
    private const int FieldsShown = 3;

    public static LiveCheck From(ChangeSet plan, DiffReport report, string cluster)
    {
        var explained = report.Objects.Select(o => $"{o.Kind}/{o.Namespace}/{o.Name}").ToHashSet(StringComparer.Ordinal);
        var drifted = new List<string>();
        var pruned = new List<string>();
        var skipped = new List<string>();
        foreach (var change in plan.Changes)
        {
            var target = change.Target;
            var inReport = explained.Contains($"{target.Kind}/{target.Namespace}/{target.Name}");
            switch (change.Action)
            {
                case ChangeAction.Update when !inReport:
                    // The revision annotation moves with every commit: it is no drift.
                    var paths = change.Diff.Select(f => f.Path).Where(p => !p.Contains(Ownership.RevisionAnnotation, StringComparison.Ordinal)).ToList();
                    var fields = paths.Take(FieldsShown).ToList();
                    var more = paths.Count > FieldsShown ? $" and {paths.Count - FieldsShown} more" : "";
                    drifted.Add($"{target}: {(fields.Count == 0 ? change.Reason : string.Join(", ", fields) + more)} differ in the cluster; apply reverts them");
                    break;
                case ChangeAction.Create when !inReport:
                    drifted.Add($"{target}: missing in the cluster; apply creates it");
                    break;
                case ChangeAction.Delete:
                    pruned.Add($"{target}: {change.Reason}");
                    break;
                case ChangeAction.Skip:
                    skipped.Add($"{target}: {change.Reason}");
                    break;
            }
        }

        return new LiveCheck
        {
            Cluster = cluster,
            Summary = plan.Summary,
            Drifted = drifted,
            Pruned = pruned,
            Skipped = skipped,
            GuardErrors = plan.Errors,
        };
    }
}
