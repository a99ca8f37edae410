using GitOpsBackup.Reconciling;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Planning;

/// <summary>The production <see cref="DesiredStateSource"/>: the spec loader, then the renderer (as one pass loads them).</summary>
internal static class RepoDesiredState
{
    /// <summary>Recorded in the revision annotation for a plain working tree (informational only).</summary>
    public const string WorkingTreeRevision = "working-tree";

    public static Task<DesiredState> LoadAsync(IRepoTree tree, string revision, CancellationToken cancellationToken) =>
        Task.FromResult(RepoState.Load(new SpecLoader(), tree, revision).Desired);
}
