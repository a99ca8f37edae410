using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>
/// One revision of the config repo, loaded and rendered: the specs (with every diagnostic) and the
/// objects they render to. The diff compares two of these; it never reads a tree itself.
/// </summary>
/// <param name="Revision">How the revision is named in the report, e.g. "main@1a2b3c4d5e6f" or "working tree".</param>
public sealed record RevisionState(string Revision, SpecSet Specs, RenderResult Rendered)
{
    /// <summary>Loads and renders <paramref name="tree"/>, as a reconcile pass would (cluster facts unknown).</summary>
    public static RevisionState Load(SpecLoader loader, IRepoTree tree, string revision)
    {
        ArgumentNullException.ThrowIfNull(loader);
        var specs = loader.Load(tree);
        return new RevisionState(revision, specs, BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, revision)));
    }

    /// <summary>What apply would take from this revision: the objects, and what to leave alone (as RepoState.Load builds it).</summary>
    internal DesiredState Desired() => new(Rendered.Objects)
    {
        BrokenApps = Specs.BrokenApps.Concat(Rendered.FailedApps).ToHashSet(),
        FilesWithErrors = Specs.FilesWithErrors,
        Diagnostics = [.. Specs.Diagnostics, .. Rendered.Diagnostics],
    };
}
