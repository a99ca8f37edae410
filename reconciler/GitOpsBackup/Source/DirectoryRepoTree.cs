using System.Security.Cryptography;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Loading;

namespace GitOpsBackup.Source;

/// <summary>
/// A working directory as an <see cref="IRepoTree"/>, the twin of <see cref="GitTreeRepoTree"/>: skips
/// .git and what .sourceignore lists (through <see cref="SourceTreeWalker"/>, as for git), never follows
/// a symlink (a link inside the tree is reached by its target's own path anyway; one pointing out of the
/// tree must not be read) but lists it in <see cref="EnumerateSkipped"/>. ContentId is a SHA-256 of the bytes.
/// </summary>
public sealed class DirectoryRepoTree : IRepoTree, IFolderReader<DirectoryInfo>
{
    private readonly string _root;
    private List<SkippedEntry>? _skipped;

    public DirectoryRepoTree(string root)
    {
        _root = Path.GetFullPath(root);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"{root}: no such directory");
        }
    }

    // The disk may change between calls: every call walks it again.
    public IEnumerable<RepoFile> EnumerateFiles()
    {
        var walked = SourceTreeWalker.Walk(new DirectoryInfo(_root), this);
        _skipped = walked.Skipped;
        return walked.Files.AsReadOnly();
    }

    /// <summary>The symlinks the latest <see cref="EnumerateFiles"/> passed over (a walk of its own when there was none).</summary>
    public IEnumerable<SkippedEntry> EnumerateSkipped() => (_skipped ?? SourceTreeWalker.Walk(new DirectoryInfo(_root), this).Skipped).AsReadOnly();

    (string Text, string Id)? IFolderReader<DirectoryInfo>.ReadIgnoreFile(DirectoryInfo folder)
    {
        var file = new FileInfo(Path.Combine(folder.FullName, SourceIgnore.FileName));
        return file.Exists && file.LinkTarget is null ? (File.ReadAllText(file.FullName), string.Empty) : null;
    }

    // Nothing on disk says "this folder has not changed": always list it.
    string? IFolderReader<DirectoryInfo>.ContentId(DirectoryInfo folder) => null;

    IEnumerable<FolderEntry<DirectoryInfo>> IFolderReader<DirectoryInfo>.Entries(DirectoryInfo folder)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is { } target)
            {
                // Never follow a symlink: it may point out of the tree (/etc, another repo). Name it instead.
                yield return new FolderEntry<DirectoryInfo>(entry.Name, null, null, $"a symlink to '{target}'");
                continue;
            }

            if (entry is DirectoryInfo sub)
            {
                yield return new FolderEntry<DirectoryInfo>(sub.Name, sub, null);
            }
            else if (entry is FileInfo file)
            {
                yield return new FolderEntry<DirectoryInfo>(file.Name, null, path => Describe(file, path));
            }
        }
    }

    private static RepoFile Describe(FileInfo file, string path)
    {
        var fullName = file.FullName;
        var length = file.Length;
        // The id must change when the bytes do: YAML files (the only ones parsed) are hashed; the rest,
        // and files too large to read, get size + mtime.
        var id = length > SpecLoaderOptions.Default.MaxFileBytes || !FileParser.IsCandidate(path)
            ? $"size:{length}:{file.LastWriteTimeUtc.Ticks}"
            : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(fullName)));
        return new RepoFile(path, id, length, () => File.ReadAllBytes(fullName));
    }
}
