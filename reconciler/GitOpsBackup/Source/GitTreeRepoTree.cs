using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Loading;
using LibGit2Sharp;

namespace GitOpsBackup.Source;

/// <summary>
/// An <see cref="IRepoTree"/> over one commit's tree (optionally a sub-folder of it), read straight
/// from the object database — no checkout. <see cref="RepoFile.ContentId"/> is the blob id, so the
/// loader never re-parses a blob it has seen. Symlinks and submodules are skipped; paths are relative
/// to the sub-folder, like a <c>DirectoryRepoTree</c> rooted there; <c>.sourceignore</c> files apply.
/// </summary>
internal sealed class GitTreeRepoTree : IRepoTree
{
    private readonly Repository _repository;
    private readonly Tree _root;

    public GitTreeRepoTree(Repository repository, Tree root)
    {
        _repository = repository;
        _root = root;
    }

    /// <summary>The tree at <paramref name="subPath"/> inside <paramref name="commitTree"/>, or null if there is no such folder.</summary>
    public static GitTreeRepoTree? At(Repository repository, Tree commitTree, string? subPath)
    {
        var path = (subPath ?? string.Empty).Replace('\\', '/').Trim('/');
        if (path.Length == 0 || path == ".")
        {
            return new GitTreeRepoTree(repository, commitTree);
        }

        return commitTree[path]?.Target is Tree sub ? new GitTreeRepoTree(repository, sub) : null;
    }

    /// <summary>Blob ids handed out by <see cref="RepoFile.ReadAllBytes"/> calls so far (a read counter for tests and benches).</summary>
    public int BlobsRead => _blobsRead;

    private int _blobsRead;

    public IEnumerable<RepoFile> EnumerateFiles()
    {
        var files = new List<RepoFile>();
        Walk(_root, string.Empty, new SourceIgnore(), files);
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    // The same .sourceignore rules as DirectoryRepoTree (the loader's SourceIgnore), scoped per folder.
    private void Walk(Tree tree, string prefix, SourceIgnore ignore, List<RepoFile> files)
    {
        if (tree[SourceIgnore.FileName] is { TargetType: TreeEntryTargetType.Blob } ignoreEntry)
        {
            ignore.Add(prefix.TrimEnd('/'), ((Blob)ignoreEntry.Target).GetContentText());
        }

        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.Mode)
            {
                case Mode.Directory:
                    if (!ignore.IsIgnored(path, isDirectory: true))
                    {
                        Walk((Tree)entry.Target, path + "/", ignore, files);
                    }

                    break;
                case Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile:
                    if (!ignore.IsIgnored(path, isDirectory: false))
                    {
                        files.Add(File(path, entry.Target.Id));
                    }

                    break;
                default:
                    // Symlinks (120000) could point out of the tree; submodules (160000) are another repo.
                    break;
            }
        }
    }

    private RepoFile File(string path, ObjectId id)
    {
        // The header read gives the size without inflating the blob.
        var size = _repository.ObjectDatabase.RetrieveObjectMetadata(id).Size;
        return new RepoFile(path, id.Sha, size, () =>
        {
            Interlocked.Increment(ref _blobsRead);
            var blob = _repository.Lookup<Blob>(id);
            using var stream = blob.GetContentStream();
            using var buffer = new MemoryStream(checked((int)blob.Size));
            stream.CopyTo(buffer);
            return buffer.ToArray();
        });
    }
}
