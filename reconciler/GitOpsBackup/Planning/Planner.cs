using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s;

namespace GitOpsBackup.Planning;

/// <summary>desired × live × broken apps → change set. Pure: no I/O, same input, same plan.</summary>
internal static class Planner
{
    // Informational only: a moved revision alone is not worth a write.
    private static readonly HashSet<string> IgnoredAnnotations = [Ownership.RevisionAnnotation];

    /// <param name="json">A long-lived pass passes its own, so unchanged objects are not serialised again.</param>
    public static ChangeSet Plan(DesiredState desired, IReadOnlyList<LiveObject> live, PlanOptions? options = null, DesiredJson? json = null)
    {
        options ??= PlanOptions.Default;
        json ??= new DesiredJson();
        var errors = new List<string>();
        var changes = new List<Change>();
        var liveByKey = new Dictionary<string, LiveObject>(StringComparer.Ordinal);
        foreach (var item in live)
        {
            liveByKey.TryAdd(item.Ref.Key, item);
        }

        // 1. Every desired object: create, update, unchanged, or skip (broken app, not ours).
        var desiredKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var wanted in desired.Objects)
        {
            var reference = RefOf(wanted);
            if (!desiredKeys.Add(reference.Key))
            {
                errors.Add($"{reference} is rendered twice; the second copy is ignored");
                continue;
            }

            liveByKey.TryGetValue(reference.Key, out var have);
            changes.Add(PlanDesired(wanted, reference, have, desired.BrokenApps, json));
        }

        // 2. Every live object we own that the repo no longer asks for: delete, or skip with the reason.
        foreach (var have in live)
        {
            if (desiredKeys.Contains(have.Ref.Key) || !have.IsOwned || have.HasControllerOwner)
            {
                continue; // planned above, or not ours to delete
            }

            changes.Add(PlanOrphan(have, desired));
        }

        // 3. The prune guard: an emptied or half-emptied repo is far more often a mistake than intent.
        changes = ApplyPruneGuard(changes, live, options, errors);
        changes.Sort(static (a, b) => string.CompareOrdinal(SortKey(a), SortKey(b)));
        return new ChangeSet(changes, errors);
    }

    /// <summary>The identity of a desired object (apiVersion and kind as the renderer set them).</summary>
    public static ObjectRef RefOf(DesiredObject wanted) =>
        new(wanted.Resource.ApiVersion ?? "", wanted.Kind ?? "", wanted.Namespace, wanted.Name);

    private static Change PlanDesired(DesiredObject wanted, ObjectRef reference, LiveObject? have, IReadOnlySet<AppKey> brokenApps, DesiredJson cache)
    {
        if (wanted.App is { } app && brokenApps.Contains(app))
        {
            return new Change(reference, wanted.App, ChangeAction.Skip, "the app's spec has errors: left as it is");
        }

        if (have is null)
        {
            return new Change(reference, wanted.App, ChangeAction.Create, "not in the cluster") { Desired = wanted };
        }

        if (!have.IsOwned)
        {
            return new Change(reference, wanted.App, ChangeAction.Skip,
                $"exists without the {Ownership.OwnerAnnotation} annotation: not ours, never touched");
        }

        var json = cache.Of(wanted);
        var diff = SubsetDiff.Compare(json, have.Json, IgnoredAnnotations);
        var revision = RevisionChange(json, have);
        if (diff.Count == 0)
        {
            var reason = revision is null ? "in sync" : "in sync (only the revision annotation moved)";
            return new Change(reference, wanted.App, ChangeAction.Unchanged, reason);
        }

        var specHashChanged = diff.Any(d => d.Path.Contains(Ownership.SpecHashAnnotation, StringComparison.Ordinal));
        var why = specHashChanged
            ? "the spec changed"
            : diff.Count == 1 ? $"drift: {diff[0].Path} differs" : $"drift: {diff[0].Path} and {(diff.Count - 1).ToString(CultureInfo.InvariantCulture)} more differ";
        var shown = revision is null ? diff : [.. diff, revision];
        return new Change(reference, wanted.App, ChangeAction.Update, why) { Desired = wanted, Diff = shown };
    }

    private static Change PlanOrphan(LiveObject have, DesiredState desired)
    {
        var app = have.App;
        var sourcePath = have.Annotation(Ownership.SourcePathAnnotation);
        if ((app is not null && desired.BrokenApps.Contains(app)) || (sourcePath is not null && desired.FilesWithErrors.Contains(sourcePath)))
        {
            return new Change(have.Ref, app, ChangeAction.Skip, "the app's spec has errors: left as it is");
        }

        if (have.PruneDisabled)
        {
            return new Change(have.Ref, app, ChangeAction.Skip, $"no longer in the repo, but {Ownership.PruneAnnotation}: {Ownership.PruneDisabled}");
        }

        return new Change(have.Ref, app, ChangeAction.Delete, "no longer in the repo");
    }

    private static List<Change> ApplyPruneGuard(List<Change> changes, IReadOnlyList<LiveObject> live, PlanOptions options, List<string> errors)
    {
        var managedApps = live.Where(l => l.IsOwned && !l.HasControllerOwner).Select(l => l.App).OfType<AppKey>().ToHashSet();
        var keptApps = changes.Where(c => c.Action != ChangeAction.Delete).Select(c => c.App).OfType<AppKey>().ToHashSet();
        var removedApps = changes.Where(c => c.Action == ChangeAction.Delete).Select(c => c.App).OfType<AppKey>()
            .Where(a => !keptApps.Contains(a)).ToHashSet();
        if (options.AllowMassPrune || removedApps.Count == 0 || managedApps.Count == 0)
        {
            return changes;
        }

        var share = (double)removedApps.Count / managedApps.Count;
        var all = removedApps.Count >= managedApps.Count;
        if (!all && share <= options.MaxPruneShare)
        {
            return changes;
        }

        var what = all
            ? $"all {managedApps.Count.ToString(CultureInfo.InvariantCulture)} managed apps"
            : $"{removedApps.Count.ToString(CultureInfo.InvariantCulture)} of {managedApps.Count.ToString(CultureInfo.InvariantCulture)} managed apps ({share:P0}, more than {options.MaxPruneShare:P0})";
        var reason = $"prune guard: this pass would delete {what}; rerun with --allow-mass-prune if that is intended";
        errors.Add(reason);
        return changes.Select(c => c.Action == ChangeAction.Delete ? c with { Action = ChangeAction.Skip, Reason = reason } : c).ToList();
    }

    private static FieldChange? RevisionChange(JsonObject desired, LiveObject have)
    {
        var wanted = (string?)desired["metadata"]?["annotations"]?[Ownership.RevisionAnnotation];
        var current = have.Annotation(Ownership.RevisionAnnotation);
        return wanted is null || wanted == current
            ? null
            : new FieldChange($"metadata.annotations['{Ownership.RevisionAnnotation}']", current is null ? null : $"\"{current}\"", $"\"{wanted}\"");
    }

    private static string SortKey(Change c) => $"{c.Target.Namespace}\u0000{c.Target.Kind}\u0000{c.Target.Name}";
}
