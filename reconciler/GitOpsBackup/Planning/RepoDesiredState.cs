using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Planning;

/// <summary>The production <see cref="DesiredStateSource"/>: the spec loader, then the renderer.</summary>
internal static class RepoDesiredState
{
    /// <summary>Recorded in the revision annotation for a plain working tree (informational only).</summary>
    public const string WorkingTreeRevision = "working-tree";

    public static Task<DesiredState> LoadAsync(IRepoTree tree, string revision, CancellationToken cancellationToken)
    {
        var specs = new SpecLoader().Load(tree);
        var rendered = BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, revision));

        // An app the renderer could not render is as broken as one the loader rejected: leave its objects alone.
        var broken = specs.BrokenApps.Concat(rendered.FailedApps).ToHashSet();
        return Task.FromResult(new DesiredState(rendered.Objects)
        {
            BrokenApps = broken,
            FilesWithErrors = specs.FilesWithErrors,
            Diagnostics = [.. specs.Diagnostics, .. rendered.Diagnostics],
        });
    }
}
