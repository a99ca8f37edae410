using System.Text.Json.Nodes;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// The cluster as one pass sees it: the objects of each kind it reads, as JSON. Filled from the
/// watch cache by <c>run</c> (no request), or by one list per kind for one-shot verbs.
/// </summary>
internal sealed record LiveSnapshot
{
    public IReadOnlyList<JsonObject> CronJobs { get; init; } = [];

    /// <summary>The objects the plan compares with: everything we create and prune (today the CronJobs).</summary>
    public IReadOnlyList<JsonObject> Managed { get; init; } = [];

    /// <summary>Jobs carrying our managed-by label: backup runs and external clones.</summary>
    public IReadOnlyList<JsonObject> Jobs { get; init; } = [];

    public IReadOnlyList<JsonObject> Pods { get; init; } = [];

    public IReadOnlyList<JsonObject> Claims { get; init; } = [];

    public IReadOnlyList<JsonObject> Volumes { get; init; } = [];

    public IReadOnlyList<JsonObject> Attachments { get; init; } = [];

    public IReadOnlyList<JsonObject> Nodes { get; init; } = [];

    /// <summary>Only what lives in <paramref name="namespaces"/> (cluster-scoped kinds stay): a namespace-scoped reconciler never touches other namespaces' Jobs.</summary>
    public LiveSnapshot Within(IReadOnlySet<string> namespaces)
    {
        List<JsonObject> In(IReadOnlyList<JsonObject> items) =>
            items.Where(i => namespaces.Contains((string?)i["metadata"]?["namespace"] ?? "")).ToList();
        return this with { CronJobs = In(CronJobs), Managed = In(Managed), Jobs = In(Jobs), Pods = In(Pods), Claims = In(Claims) };
    }
}
