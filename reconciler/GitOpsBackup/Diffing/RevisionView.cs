using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Loading;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>
/// One revision as the diff sees it: each rendered app's spec merged with the defaults (what its
/// CronJob really does), the apps that are broken, the buckets the external clone copies, and the
/// rendered objects (the clone Job template included).
/// </summary>
internal sealed class RevisionView
{
    public RevisionView(RevisionState state)
    {
        State = state;
        var specs = state.Specs;
        Broken = specs.BrokenApps.Concat(state.Rendered.FailedApps).ToHashSet();
        if (specs.Defaults is { } defaults)
        {
            foreach (var app in specs.Apps.Where(a => !Broken.Contains(a.Key)))
            {
                var written = app.Schedule ?? defaults.Schedule;
                if (HashedSchedule.Expand(written, app.Namespace, app.Name).Schedule is { } schedule)
                {
                    Apps[app.Key] = AppSettings.Merge(app, defaults, schedule);
                }
            }
        }

        Clone = state.Rendered.CloneJob is null ? null : specs.ExternalClone;
        ClonedBuckets = Clone is null
            ? new HashSet<string>(StringComparer.Ordinal)
            : CloneJobRenderer.SelectBuckets(Clone, specs.Apps).ToHashSet(StringComparer.Ordinal);
        Objects = state.Rendered.CloneJob is { } template
            ? [.. state.Rendered.Objects, new DesiredObject(null, template.Template)]
            : state.Rendered.Objects;
    }

    public RevisionState State { get; }

    /// <summary>Rendered apps, merged with the revision's BackupDefaults.</summary>
    public Dictionary<AppKey, AppSettings> Apps { get; } = [];

    /// <summary>Apps whose spec has errors or that could not be rendered: their live objects are left alone.</summary>
    public HashSet<AppKey> Broken { get; }

    /// <summary>
    /// Whether apply leaves the app's live objects alone at this revision: its spec has errors, or the
    /// file its spec was in at <paramref name="earlier"/> has errors (a YAML error can hide its name).
    /// </summary>
    public bool LeavesAlone(AppKey key, HomelabBackup? earlier) =>
        Broken.Contains(key) || (earlier is not null && State.Specs.FilesWithErrors.Contains(earlier.Location.File));

    /// <summary>As for apps: an object whose app is broken, or whose source file has errors, is left as it is.</summary>
    public bool LeavesAlone(DesiredObject desired) =>
        (desired.App is { } app && Broken.Contains(app))
        || (desired.Resource.Metadata.Annotations?.TryGetValue(Ownership.SourcePathAnnotation, out var file) == true && State.Specs.FilesWithErrors.Contains(file));

    /// <summary>The external clone, when it rendered.</summary>
    public ExternalClone? Clone { get; }

    public HashSet<string> ClonedBuckets { get; }

    public IReadOnlyList<DesiredObject> Objects { get; }

    /// <summary>
    /// Whether this revision has an ExternalClone that could not be used (its spec or its render has
    /// errors), given the clone of the revision before: a broken clone is not a removed one.
    /// </summary>
    public bool CloneBroken(ExternalClone? earlier) =>
        Clone is null && (State.Specs.ExternalClone is not null || (earlier is not null && State.Specs.FilesWithErrors.Contains(earlier.Location.File)));

    /// <summary>The schedule as written in the spec (or taken from the defaults), before the hashed form is expanded.</summary>
    public static string WrittenSchedule(AppSettings app) => app.App.Schedule ?? app.Defaults.Schedule;

    /// <summary>Whether the manifests in the app's folder (or below it) define a PVC of this name.</summary>
    public bool DefinesClaim(HomelabBackup app, string claim) =>
        State.Specs.ClaimsByFolder.TryGetValue(RepoPaths.Folder(app.Location.File), out var names) && names.Contains(claim);

    /// <summary>The claims of <paramref name="app"/>'s volumes still defined in this revision's manifests.</summary>
    public IReadOnlyList<string> ClaimsStillDefined(HomelabBackup app, IEnumerable<string> claims) =>
        claims.Where(c => DefinesClaim(app, c)).ToList();
}
