using GitOpsBackup.Planning;
using k8s;

namespace GitOpsBackup.Cluster;

/// <summary>The cluster half of a pass: read live state → plan (pure) → apply the plan.</summary>
/// <param name="namespaces">
/// When set, only live objects in these namespaces are considered (and so pruned): a
/// namespace-scoped reconciler, and what keeps contract tests on a shared cluster apart.
/// </param>
internal sealed class ClusterSync(IKubernetes client, TimeProvider time, RetryPolicy? retry = null, ApplyOptions? options = null, IReadOnlySet<string>? namespaces = null)
{
    private readonly KubernetesApi _api = new(client, time, retry);

    public async Task<ChangeSet> PlanAsync(DesiredState desired, PlanOptions planOptions, CancellationToken cancellationToken = default)
    {
        var live = await LiveStateReader.ReadAsync(_api, ManagedKind.For(desired), cancellationToken);
        if (namespaces is not null)
        {
            live = live.Where(l => namespaces.Contains(l.Ref.Namespace)).ToList();
        }

        return Planner.Plan(desired, live, planOptions);
    }

    public Task<ApplyReport> ApplyAsync(ChangeSet plan, CancellationToken cancellationToken = default) =>
        new Applier(_api, time, options).ApplyAsync(plan, cancellationToken);
}
