using GitOpsBackup.Specs;

namespace GitOpsBackup.Diffing;

/// <summary>
/// Two loaded and rendered revisions → a <see cref="DiffReport"/>. Pure: no I/O, no clock (the time
/// the next runs count from is an option). Reads top to bottom: per app, repo-wide, the head's
/// errors, the objects.
/// </summary>
public static class StateDiffer
{
    public static DiffReport Diff(RevisionState baseState, RevisionState headState, DiffOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseState);
        ArgumentNullException.ThrowIfNull(headState);
        ArgumentNullException.ThrowIfNull(options);
        var before = new RevisionView(baseState);
        var after = new RevisionView(headState);

        // 1. Every app known at either revision, valid or broken, in namespace/name order.
        var keys = before.Apps.Keys.Concat(before.Broken).Concat(after.Apps.Keys).Concat(after.Broken)
            .Distinct()
            .OrderBy(k => k.Namespace, StringComparer.Ordinal)
            .ThenBy(k => k.Name, StringComparer.Ordinal);
        var apps = keys.Select(k => AppDiffer.Compare(k, before, after, options)).OfType<AppDiff>().ToList();

        // 2. Repo-wide: the external clone and the defaults not already seen through the apps.
        var repository = RepoDiffer.Compare(before, after);

        // 3. What is wrong with head (a reviewer must see it before merging).
        var headErrors = headState.Specs.Diagnostics.Concat(headState.Rendered.Diagnostics)
            .Where(d => d.Severity == Severity.Error)
            .ToList();

        // 4. The objects, as YAML.
        return new DiffReport
        {
            Base = baseState.Revision,
            Head = headState.Revision,
            Apps = apps,
            Repository = repository,
            HeadErrors = headErrors,
            Objects = ObjectDiffer.Compare(before, after),
        };
    }
}
