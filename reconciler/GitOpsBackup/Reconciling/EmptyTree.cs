using GitOpsBackup.Specs;

namespace GitOpsBackup.Reconciling;

/// <summary>A tree with no files: the source of a pass whose state was loaded beforehand.</summary>
internal sealed class EmptyTree : IRepoTree
{
    public static EmptyTree Instance { get; } = new();

    public IEnumerable<RepoFile> EnumerateFiles() => [];
}
