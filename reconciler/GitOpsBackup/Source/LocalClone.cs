using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Loading;
using LibGit2Sharp;

namespace GitOpsBackup.Source;

/// <summary>
/// A repository already on disk (a working tree, any folder inside one, or a bare repository): any
/// revision git can name (a branch, a tag, origin/main, HEAD~1, a SHA) read as an <see cref="IRepoTree"/>
/// straight from the object database, no checkout, no fetch. What <c>diff</c> compares in CI, where
/// the checkout already holds both the pull request's head and its base.
/// </summary>
public sealed class LocalClone : IDisposable
{
    private readonly Repository _repository;

    private LocalClone(Repository repository, string prefix)
    {
        _repository = repository;
        Prefix = prefix;
    }

    /// <summary>The folder that the opened path is inside the repository ("" for its root or a bare repository).</summary>
    public string Prefix { get; }

    /// <summary>Opens the repository that contains <paramref name="path"/>.</summary>
    /// <exception cref="SourceException">PathNotFound when no repository contains the path.</exception>
    public static LocalClone Open(string path)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new SourceException(SourceFailure.PathNotFound, $"{path}: no such directory");
        }

        var found = Repository.Discover(full)
            ?? throw new SourceException(SourceFailure.PathNotFound, $"{path}: not inside a git repository");
        var repository = new Repository(found);
        var prefix = "";
        if (!repository.Info.IsBare)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(repository.Info.WorkingDirectory), full).Replace('\\', '/');
            prefix = relative == "." ? "" : relative;
            if (prefix.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(prefix))
            {
                repository.Dispose();
                throw new SourceException(SourceFailure.PathNotFound, $"{path}: cannot tell where it is inside the working tree {repository.Info.WorkingDirectory}");
            }
        }

        return new LocalClone(repository, prefix);
    }

    /// <summary>
    /// The tree of <paramref name="revision"/> at <paramref name="subPath"/> (relative to <see cref="Prefix"/>),
    /// or a null tree when that folder does not exist in the revision.
    /// </summary>
    /// <exception cref="SourceException">RefNotFound when git cannot resolve the revision to a commit.</exception>
    public (IRepoTree? Tree, GitRevision Revision) Read(string revision, string? subPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        Commit? commit;
        try
        {
            commit = _repository.Lookup(revision)?.Peel<Commit>();
        }
        catch (LibGit2SharpException ex)
        {
            // Ambiguous or malformed revision expressions; the message names the problem.
            throw new SourceException(SourceFailure.RefNotFound, $"revision '{revision}': {ex.Message}");
        }

        if (commit is null)
        {
            throw new SourceException(SourceFailure.RefNotFound, $"revision '{revision}' is not a commit in this repository (not fetched yet? a CI checkout needs fetch-depth: 0)");
        }

        var folder = RepoPaths.Combine(Prefix, (subPath ?? "").Replace('\\', '/'))
            ?? throw new SourceException(SourceFailure.PathNotFound, $"path '{subPath}' leaves the repository");
        return (GitTreeRepoTree.At(_repository, commit.Tree, folder), new GitRevision(revision, commit.Sha));
    }

    public void Dispose() => _repository.Dispose();
}
