using GitOpsBackup.Cycle;
using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// What one revision of the repo asks for: the desired objects (and what to leave alone), plus what
/// admission and the night's cycle need from the specs. Built once per revision and kept.
/// </summary>
internal sealed record RepoState(string Revision, DesiredState Desired)
{
    /// <summary>The repo-wide external clone, when there is one that rendered.</summary>
    public ExternalClone? ExternalClone { get; init; }

    public CloneJobTemplate? CloneTemplate { get; init; }

    /// <summary>BackupDefaults maxBackupsPerNode (1 when the repo has no usable defaults).</summary>
    public int MaxBackupsPerNode { get; init; } = 1;

    /// <summary>BackupDefaults' notifications: the night's ping, and ntfy/webhook for the night.</summary>
    public Notifications Notifications { get; init; } = new Notifications();

    /// <summary>Each app's notifications ("namespace/app"), its blocks over BackupDefaults'.</summary>
    public IReadOnlyDictionary<string, Notifications> AppNotifications { get; init; } = new Dictionary<string, Notifications>(StringComparer.Ordinal);

    /// <summary>Every rendered app's concrete schedule and time zone, as its CronJob has them.</summary>
    public IReadOnlyList<CycleApp> Apps { get; init; } = [];

    /// <summary>Load and render a tree with a long-lived loader and render cache (both span passes: an unchanged file is not parsed, an unchanged app not rendered).</summary>
    public static RepoState Load(Specs.SpecLoader loader, Specs.IRepoTree tree, string revision, AppRenderCache? cache = null)
    {
        var specs = loader.Load(tree);
        var rendered = BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, revision), cache);

        // An app the renderer could not render is as broken as one the loader rejected: leave its objects alone.
        var desired = new DesiredState(rendered.Objects)
        {
            BrokenApps = specs.BrokenApps.Concat(rendered.FailedApps).ToHashSet(),
            FilesWithErrors = specs.FilesWithErrors,
            Diagnostics = [.. specs.Diagnostics, .. rendered.Diagnostics],
        };
        return FromDesired(revision, desired) with
        {
            ExternalClone = rendered.CloneJob is null ? null : specs.ExternalClone,
            CloneTemplate = rendered.CloneJob,
            MaxBackupsPerNode = Math.Max(1, specs.Defaults?.MaxBackupsPerNode ?? 1),
            Notifications = specs.Defaults?.Notifications ?? new Notifications(),
            AppNotifications = specs.Defaults is { } defaults
                ? specs.Apps.GroupBy(a => $"{a.Namespace}/{a.Name}", StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First().Notifications?.Over(defaults.Notifications) ?? defaults.Notifications, StringComparer.Ordinal)
                : new Dictionary<string, Notifications>(StringComparer.Ordinal),
        };
    }

    /// <summary>A desired state given as is (plan/apply tests): apps from its CronJobs, no clone.</summary>
    public static RepoState FromDesired(string revision, DesiredState desired) => new(revision, desired)
    {
        Apps = desired.Objects
            .Select(o => o.Resource)
            .OfType<V1CronJob>()
            .Where(c => c.Metadata.Labels is null || !c.Metadata.Labels.TryGetValue(RenderedLabels.Component, out var component) || component == RenderedLabels.BackupComponent)
            .Select(c => new CycleApp(
                c.Metadata.NamespaceProperty ?? "",
                c.Metadata.Labels?.TryGetValue(Ownership.AppLabel, out var app) == true ? app : c.Metadata.Name,
                c.Spec.Schedule,
                c.Spec.TimeZone ?? "UTC",
                c.Spec.Suspend == true))
            .ToList(),
    };
}
