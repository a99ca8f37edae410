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
    private readonly SubtreeCache _cache;
    private IReadOnlyList<RepoFile>? _files;

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

    // A commit's tree never changes: walk it once, hand out the same list on every call.
    public IEnumerable<RepoFile> EnumerateFiles() => _files ??= Walk();

    private IReadOnlyList<RepoFile> Walk()
    {
        var walk = new WalkState(new SourceIgnore());
        var files = Walk(_root, string.Empty, walk);
        _cache.End(walk.Seen);
        var sorted = files.ToList();
        sorted.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return sorted.AsReadOnly();
    }

    // The same .sourceignore rules as DirectoryRepoTree (the loader's SourceIgnore), scoped per folder.
    private List<RepoFile> Walk(Tree tree, string prefix, WalkState walk)
    {
        if (tree[SourceIgnore.FileName] is { TargetType: TreeEntryTargetType.Blob } ignoreEntry)
        {
            walk.Ignore.Add(prefix.TrimEnd('/'), ((Blob)ignoreEntry.Target).GetContentText());
            walk.Rules += $"|{prefix}:{ignoreEntry.Target.Sha}";
        }

        // An unchanged sub-tree under the same ignore rules yields the same files: reuse them.
        var key = (tree.Sha, prefix, walk.Rules);
        if (_cache.TryGet(key, out var cached))
        {
            walk.Seen[key] = cached;
            return cached;
        }

        var files = new List<RepoFile>();
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.Mode)
            {
                case Mode.Directory:
                    if (!walk.Ignore.IsIgnored(path, isDirectory: true))
                    {
                        files.AddRange(Walk((Tree)entry.Target, path + "/", walk));
                    }

                    break;
                case Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile:
                    if (!walk.Ignore.IsIgnored(path, isDirectory: false))
                    {
                        files.Add(File(path, entry.Target.Id));
                    }

                    break;
                default:
                    // Symlinks (120000) could point out of the tree; submodules (160000) are another repo.
                    break;
            }
        }

        walk.Seen[key] = files;
        return files;
    }

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

    private sealed class WalkState(SourceIgnore ignore)
    {
        public SourceIgnore Ignore { get; } = ignore;

        public Dictionary<(string, string, string), List<RepoFile>> Seen { get; } = [];

        /// <summary>The .sourceignore files met so far (scope and blob id): part of the cache key.</summary>
        public string Rules { get; set; } = string.Empty;
    }
}
