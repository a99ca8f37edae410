using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Cluster;

/// <summary>
/// Executes a plan. Writes only what the plan says (a plan of unchanged objects sends nothing), one
/// write per object. Per app all-or-nothing: an app with one write is all-or-nothing by itself; an app
/// with more dry-runs all but its first write, then writes the first (nothing of the app is written
/// unless it passes) and the rest. Apps are independent: one app's failure is reported and the others
/// go on. A create never takes over someone else's object of the same name: before creating, one list
/// per kind finds the objects that exist without our label.
/// </summary>
internal sealed class Applier(KubernetesApi api, TimeProvider time, ApplyOptions? options = null)
{
    /// <summary>The objects without our label (the labelled ones are the plan's live state already).</summary>
    public static readonly string ForeignSelector = $"{Ownership.ManagedByLabel}!={Ownership.ManagedByValue}";

    private readonly ApplyOptions _options = options ?? ApplyOptions.Default;

    public async Task<ApplyReport> ApplyAsync(ChangeSet plan, CancellationToken cancellationToken = default)
    {
        var results = new Dictionary<Change, ObjectResult>(ReferenceEqualityComparer.Instance);
        foreach (var change in plan.Changes.Where(c => !c.IsWrite))
        {
            results[change] = new ObjectResult(change, change.Action == ChangeAction.Unchanged ? ObjectOutcome.Unchanged : ObjectOutcome.Skipped, change.Reason);
        }

        var foreign = await ForeignAsync(plan, cancellationToken);
        var apps = plan.Changes.Where(c => c.IsWrite).GroupBy(c => c.App).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken };
        var perApp = new IReadOnlyList<ObjectResult>[apps.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, apps.Count), parallel, async (i, ct) => perApp[i] = await ApplyAppAsync(apps[i].ToList(), foreign, ct));
        foreach (var result in perApp.SelectMany(r => r))
        {
            results[result.Change] = result;
        }

        return new ApplyReport(plan.Changes.Select(c => results[c]).ToList(), plan.Errors);
    }

    /// <summary>
    /// Objects of the kinds the plan creates that exist without our label, by key, with their field managers.
    /// One list per kind, and only when the plan creates something: a pass without creates sends none.
    /// </summary>
    private async Task<Dictionary<string, List<string>>> ForeignAsync(ChangeSet plan, CancellationToken cancellationToken)
    {
        var foreign = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var kind in plan.Changes.Where(c => c.Action == ChangeAction.Create).Select(c => ManagedKind.Of(c.Target)).Distinct())
        {
            foreach (var item in await api.ListAsync(kind, ForeignSelector, cancellationToken))
            {
                foreign[LiveObject.FromJson(item).Ref.Key] = Managers(item);
            }
        }

        return foreign;
    }

    private async Task<IReadOnlyList<ObjectResult>> ApplyAppAsync(List<Change> changes, Dictionary<string, List<string>> foreign, CancellationToken ct)
    {
        var writes = changes.Where(c => c.Action is ChangeAction.Create or ChangeAction.Update).ToList();
        var deletes = changes.Where(c => c.Action == ChangeAction.Delete).ToList();

        // 1. Someone else's object of the same name is never taken over, and then nothing of the app is written.
        foreach (var change in writes.Where(c => c.Action == ChangeAction.Create))
        {
            if (foreign.TryGetValue(change.Target.Key, out var others))
            {
                var by = others.Count == 0 ? "" : $" (managed by {string.Join(", ", others)})";
                return changes.Select(c => new ObjectResult(c, ObjectOutcome.Failed, ReferenceEquals(c, change)
                    ? $"{change.Target} already exists without our {Ownership.ManagedByLabel} label{by}: not ours, left alone; nothing of {AppName(c.App)} applied"
                    : $"not applied: {change.Target} of the same app exists and is not ours")).ToList();
            }
        }

        // 2. Dry-run every write but the first: the first one's real write is its own check.
        var recreate = new HashSet<Change>(ReferenceEqualityComparer.Instance);
        foreach (var change in writes.Skip(1))
        {
            try
            {
                await api.ApplyAsync(change.Target, change.Desired!.Resource, dryRun: true, ct);
            }
            catch (ClusterApiException ex) when (ex.IsImmutableField)
            {
                recreate.Add(change);
            }
            catch (ClusterApiException ex)
            {
                return changes.Select(c => new ObjectResult(c, ObjectOutcome.Failed, ReferenceEquals(c, change)
                    ? $"dry-run failed, nothing of {AppName(c.App)} applied: {ex.Message}"
                    : $"not applied: {change.Target} of the same app failed its dry-run")).ToList();
            }
        }

        // 3. Apply (nothing more of the app when the first write fails); 4. prune what the plan says.
        var results = new List<ObjectResult>(changes.Count);
        foreach (var change in writes)
        {
            var result = await WriteAsync(change, recreate.Contains(change), ct);
            if (results.Count == 0 && writes.Count > 1 && result.Outcome == ObjectOutcome.Failed)
            {
                return changes.Select(c => ReferenceEquals(c, change)
                    ? result with { Message = $"nothing of {AppName(c.App)} applied: {result.Message}" }
                    : new ObjectResult(c, ObjectOutcome.Failed, $"not applied: {change.Target} of the same app failed")).ToList();
            }

            results.Add(result);
        }

        foreach (var change in deletes)
        {
            try
            {
                await api.DeleteAsync(change.Target, ct);
                results.Add(new ObjectResult(change, ObjectOutcome.Deleted, change.Reason));
            }
            catch (ClusterApiException ex)
            {
                results.Add(new ObjectResult(change, ObjectOutcome.Failed, $"delete failed, retried on the next pass: {ex.Message}"));
            }
        }

        return results;
    }

    private async Task<ObjectResult> WriteAsync(Change change, bool recreate, CancellationToken ct)
    {
        try
        {
            if (!recreate)
            {
                try
                {
                    await api.ApplyAsync(change.Target, change.Desired!.Resource, dryRun: false, ct);
                    return new ObjectResult(change, change.Action == ChangeAction.Create ? ObjectOutcome.Created : ObjectOutcome.Updated, change.Reason);
                }
                catch (ClusterApiException ex) when (ex.IsImmutableField)
                {
                    // The dry-run passed but the write did not (a server that validates only for real): recreate.
                }
            }

            await RecreateAsync(change, ct);
            return new ObjectResult(change, ObjectOutcome.Recreated, $"{change.Reason}; a field that cannot change had changed: deleted and created again");
        }
        catch (ClusterApiException ex)
        {
            return new ObjectResult(change, ObjectOutcome.Failed, ex.Message);
        }
        catch (TimeoutException ex)
        {
            return new ObjectResult(change, ObjectOutcome.Failed, ex.Message);
        }
    }

    // Delete in the background, wait (bounded) until the old object is gone, then create it anew.
    private async Task RecreateAsync(Change change, CancellationToken ct)
    {
        await api.DeleteAsync(change.Target, ct);
        var deadline = time.GetUtcNow() + _options.RecreateTimeout;
        while (await api.ExistsAsync(change.Target, ct))
        {
            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"{change.Target}: deleted to be recreated, but still there after {_options.RecreateTimeout.TotalSeconds:0}s; created again on the next pass");
            }

            await Task.Delay(_options.RecreatePollInterval, time, ct);
        }

        await api.ApplyAsync(change.Target, change.Desired!.Resource, dryRun: false, ct);
    }

    private static List<string> Managers(JsonObject live) =>
        (live["metadata"]?["managedFields"] as JsonArray ?? [])
            .Select(f => (string?)f?["manager"])
            .OfType<string>()
            .Where(m => m != Ownership.FieldManager)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string AppName(AppKey? app) => app is null ? "the repo-wide objects" : $"app {app}";
}
