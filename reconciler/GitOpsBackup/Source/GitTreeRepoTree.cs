using GitOpsBackup.Specs;
using LibGit2Sharp;

namespace GitOpsBackup.Source;

/// <summary>
/// An <see cref="IRepoTree"/> over one commit's tree (optionally a sub-folder of it), read straight
/// from the object database — no checkout. <see cref="RepoFile.ContentId"/> is the blob id, so the
/// loader never re-parses a blob it has seen. Symlinks and submodules are never read, only listed in
/// <see cref="EnumerateSkipped"/> (a link may point out of the tree; a submodule is another repo); paths are relative
/// to the sub-folder, like a <see cref="DirectoryRepoTree"/> rooted there; <c>.sourceignore</c> files
/// apply (through <see cref="SourceTreeWalker"/>, as for the directory); unchanged sub-trees are reused
/// from the previous revision's walk.
/// </summary>
internal sealed class GitTreeRepoTree : IRepoTree, IFolderReader<Tree>
{
    private readonly Repository _repository;
    private readonly Tree _root;
    private readonly SubtreeCache _cache;
    private WalkedFolder? _walked;

    public GitTreeRepoTree(Repository repository, Tree root, SubtreeCache? cache = null)
    {
        _repository = repository;
        _root = root;
        _cache = cache ?? new SubtreeCache();
    }

    /// <summary>The tree at <paramref name="subPath"/> inside <paramref name="commitTree"/>, or null if there is no such folder.</summary>
    public static GitTreeRepoTree? At(Repository repository, Tree commitTree, string? subPath, SubtreeCache? cache = null)
    {
        var path = (subPath ?? string.Empty).Replace('\\', '/').Trim('/');
        if (path.Length == 0 || path == ".")
        {
            return new GitTreeRepoTree(repository, commitTree, cache);
        }

        return commitTree[path]?.Target is Tree sub ? new GitTreeRepoTree(repository, sub, cache) : null;
    }

    // A commit's tree never changes: walk it once, hand out the same lists on every call.
    public IEnumerable<RepoFile> EnumerateFiles() => Walked.Files.AsReadOnly();

    public IEnumerable<SkippedEntry> EnumerateSkipped() => Walked.Skipped.AsReadOnly();

    private WalkedFolder Walked => _walked ??= SourceTreeWalker.Walk(_root, this, _cache);

    (string Text, string Id)? IFolderReader<Tree>.ReadIgnoreFile(Tree folder) =>
        folder[SourceIgnore.FileName] is { } entry && IsRegularFile(entry.Mode)
            ? (((Blob)entry.Target).GetContentText(), entry.Target.Sha)
            : null;

    string? IFolderReader<Tree>.ContentId(Tree folder) => folder.Sha;

    IEnumerable<FolderEntry<Tree>> IFolderReader<Tree>.Entries(Tree folder)
    {
        foreach (var entry in folder)
        {
            if (entry.Mode == Mode.Directory)
            {
                yield return new FolderEntry<Tree>(entry.Name, (Tree)entry.Target, null);
            }
            else if (IsRegularFile(entry.Mode))
            {
                var id = entry.Target.Id;
                yield return new FolderEntry<Tree>(entry.Name, null, path => File(path, id));
            }
            else if (entry.Mode == Mode.SymbolicLink)
            {
                // Never followed (it could point out of the tree), but named, so a linked spec is not lost silently.
                yield return new FolderEntry<Tree>(entry.Name, null, null, "a symlink" + LinkText((Blob)entry.Target));
            }
            else if (entry.Mode == Mode.GitLink)
            {
                // Another repository: its files are not this one's.
                yield return new FolderEntry<Tree>(entry.Name, null, null, "a git submodule");
            }
        }
    }

    // The link's text is its target; a long one (a hostile blob) is not read, let alone printed.
    private static string LinkText(Blob link) => link.Size is > 0 and <= 1024 ? $" to '{link.GetContentText()}'" : string.Empty;

    private static bool IsRegularFile(Mode mode) =>
        mode is Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile;

    private RepoFile File(string path, ObjectId id)
    {
        // The header read gives the size without inflating the blob.
        var size = _repository.ObjectDatabase.RetrieveObjectMetadata(id).Size;
        return new RepoFile(path, id.Sha, size, () =>
        {
            var blob = _repository.Lookup<Blob>(id);
            using var stream = blob.GetContentStream();
            using var buffer = new MemoryStream(checked((int)blob.Size));
            stream.CopyTo(buffer);
            return buffer.ToArray();
        });
    }
}
