using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Cluster;

/// <summary>
/// Executes a plan. Writes only what the plan says (a plan of unchanged objects sends nothing).
/// Per app all-or-nothing: every object of the app is dry-run first and nothing of it is written
/// unless all pass. Apps are independent: one app's failure is reported and the others go on.
/// </summary>
internal sealed class Applier(KubernetesApi api, TimeProvider time, ApplyOptions? options = null)
{
    private readonly ApplyOptions _options = options ?? ApplyOptions.Default;

    public async Task<ApplyReport> ApplyAsync(ChangeSet plan, CancellationToken cancellationToken = default)
    {
        var results = new Dictionary<Change, ObjectResult>(ReferenceEqualityComparer.Instance);
        foreach (var change in plan.Changes.Where(c => !c.IsWrite))
        {
            results[change] = new ObjectResult(change, change.Action == ChangeAction.Unchanged ? ObjectOutcome.Unchanged : ObjectOutcome.Skipped, change.Reason);
        }

        var apps = plan.Changes.Where(c => c.IsWrite).GroupBy(c => c.App).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken };
        var perApp = new IReadOnlyList<ObjectResult>[apps.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, apps.Count), parallel, async (i, ct) => perApp[i] = await ApplyAppAsync(apps[i].ToList(), ct));
        foreach (var result in perApp.SelectMany(r => r))
        {
            results[result.Change] = result;
        }

        return new ApplyReport(plan.Changes.Select(c => results[c]).ToList(), plan.Errors);
    }

    private async Task<IReadOnlyList<ObjectResult>> ApplyAppAsync(List<Change> changes, CancellationToken ct)
    {
        var writes = changes.Where(c => c.Action is ChangeAction.Create or ChangeAction.Update).ToList();
        var deletes = changes.Where(c => c.Action == ChangeAction.Delete).ToList();

        // 1. Dry-run every object of the app; one failure and nothing of the app is written.
        var recreate = new HashSet<Change>(ReferenceEqualityComparer.Instance);
        foreach (var change in writes)
        {
            try
            {
                var preview = await api.ApplyAsync(change.Target, change.Desired!.Resource, dryRun: true, ct);
                if (change.Action == ChangeAction.Create && OtherManagers(preview) is { Count: > 0 } others)
                {
                    // Not in our labelled list, yet it exists: someone else's object of the same name. Never take it over.
                    return changes.Select(c => new ObjectResult(c, ObjectOutcome.Failed, ReferenceEquals(c, change)
                        ? $"{change.Target} already exists without our {Ownership.ManagedByLabel} label (managed by {string.Join(", ", others)}): not ours, left alone; nothing of {AppName(c.App)} applied"
                        : $"not applied: {change.Target} of the same app exists and is not ours")).ToList();
                }
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

        // 2. Apply; 3. prune what the plan says.
        var results = new List<ObjectResult>(changes.Count);
        foreach (var change in writes)
        {
            results.Add(await WriteAsync(change, recreate.Contains(change), ct));
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

    private static List<string> OtherManagers(JsonObject preview) =>
        (preview["metadata"]?["managedFields"] as JsonArray ?? [])
            .Select(f => (string?)f?["manager"])
            .OfType<string>()
            .Where(m => m != Ownership.FieldManager)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static string AppName(AppKey? app) => app is null ? "the repo-wide objects" : $"app {app}";
}
