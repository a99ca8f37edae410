using GitOpsBackup.Cluster;
using GitOpsBackup.Planning;

namespace GitOpsBackup.Reconciling;

/// <summary>Which steps a pass runs and how. <c>plan</c> only plans; <c>apply</c> applies; <c>run</c> also admits and advances the night.</summary>
internal sealed record PassOptions
{
    public PlanOptions Plan { get; init; } = PlanOptions.Default;

    public ApplyOptions Apply { get; init; } = ApplyOptions.Default;

    /// <summary>False for <c>plan</c>: the change set is computed and returned, nothing is written.</summary>
    public bool Write { get; init; } = true;

    /// <summary>Admit waiting backup Jobs and advance the night's cycle (the <c>run</c> loop).</summary>
    public bool Admit { get; init; }

    /// <summary>
    /// When set, only live objects in these namespaces are considered (and so pruned): a
    /// namespace-scoped reconciler, and what keeps contract tests on a shared cluster apart.
    /// </summary>
    public IReadOnlySet<string>? Namespaces { get; init; }

    /// <summary>A scheduled run with no Job this long after its time was skipped by the CronJob controller (its startingDeadlineSeconds).</summary>
    public TimeSpan MissedAfter { get; init; } = TimeSpan.FromSeconds(Rendering.CronJobRenderer.StartingDeadlineSeconds);

    /// <summary>Clone Jobs of this many nights are kept; older ones are deleted.</summary>
    public int KeepCloneNights { get; init; } = 3;

    /// <summary>Where the reconciler reads the Secrets of the notifications it sends (night ping, ntfy, webhook): its own namespace.</summary>
    public string NotifyNamespace { get; init; } = "gitops-backup";

    public static PassOptions PlanOnly { get; } = new() { Write = false };
}
