using GitOpsBackup.Planning;

namespace GitOpsBackup.Cluster;

/// <summary>A kind we create and prune, and its REST resource name.</summary>
internal sealed record ManagedKind(string Group, string Version, string Kind, string Plural)
{
    public static ManagedKind CronJob { get; } = new("batch", "v1", "CronJob", "cronjobs");

    public static ManagedKind Job { get; } = new("batch", "v1", "Job", "jobs");

    /// <summary>
    /// What every pass lists, even when the repo renders none of it (so removed objects are pruned).
    /// Only CronJobs: backup Jobs are created by the CronJobs, and the clone Job by the cycle, not by apply.
    /// </summary>
    public static IReadOnlyList<ManagedKind> Default { get; } = [CronJob];

    private static readonly IReadOnlyList<ManagedKind> Known = [CronJob, Job];

    /// <summary>The default kinds plus any other kind the desired objects hold.</summary>
    public static IReadOnlyList<ManagedKind> For(DesiredState desired) =>
        Default.Concat(desired.Objects.Select(o => Of(Planner.RefOf(o)))).Distinct().ToList();

    /// <summary>The managed kind of a reference; unknown kinds get the usual lower-case plural.</summary>
    public static ManagedKind Of(ObjectRef target) =>
        Known.FirstOrDefault(k => k.Group == target.Group && k.Kind == target.Kind) is { } known
            ? known with { Version = target.Version }
            : new ManagedKind(target.Group, target.Version, target.Kind, target.Kind.ToLowerInvariant() + "s");
}
