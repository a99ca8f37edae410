namespace GitOpsBackup.Specs;

/// <summary>
/// A tree of files to load specs from: a working directory, or a git commit's tree.
/// The loader reads only through this, so git and the local disk look the same to it.
/// </summary>
public interface IRepoTree
{
    /// <summary>
    /// Every regular file, repo-relative with '/' separators, in ordinal order. Symlinks are never
    /// followed out of the tree. The implementation applies .sourceignore (the source's trees do it in
    /// one shared walk); the loader reads every file it is handed.
    /// </summary>
    IEnumerable<RepoFile> EnumerateFiles();

    /// <summary>
    /// The entries the latest <see cref="EnumerateFiles"/> walk passed over without reading (symlinks,
    /// submodules) and .sourceignore does not exclude, in ordinal order. None for a tree without such entries.
    /// </summary>
    IEnumerable<SkippedEntry> EnumerateSkipped() => [];
}

/// <summary>
/// One file. <paramref name="ContentId"/> changes whenever the bytes change (a git blob id, or a
/// hash), so the loader can skip re-parsing a file it has seen with the same id.
/// </summary>
public sealed record RepoFile(string Path, string ContentId, long Length, Func<byte[]> ReadAllBytes);
