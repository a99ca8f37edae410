using System.Security.Cryptography;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Loading;

namespace GitOpsBackup.Source;

/// <summary>
/// A working directory as an <see cref="IRepoTree"/>, the twin of <see cref="GitTreeRepoTree"/>: skips
/// .git and what .sourceignore lists (through <see cref="SourceTreeWalker"/>, as for git), never follows
/// a symlink (a link inside the tree is reached by its target's own path anyway; one pointing out of the
/// tree must not be read) but lists it in <see cref="EnumerateSkipped"/>. ContentId is a SHA-256 of the bytes.
/// Like git's index, a file whose size and modification time are those it had when hashed is not read
/// again, unless it was modified within <see cref="RacyWindow"/> of being hashed (a same-size write in
/// the same clock tick would otherwise go unseen).
/// </summary>
public sealed class DirectoryRepoTree : IRepoTree, IFolderReader<DirectoryInfo>
{
    /// <summary>Files modified this close to their hashing are hashed again on every walk until they are older.</summary>
    public static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly string _root;
    private readonly TimeProvider _time;
    private Dictionary<string, (long Length, DateTime Modified, string Id)> _hashed = new(StringComparer.Ordinal);
    private Dictionary<string, (long Length, DateTime Modified, string Id)> _walking = new(StringComparer.Ordinal);
    private List<SkippedEntry>? _skipped;

    public DirectoryRepoTree(string root, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
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
        (_hashed, _walking) = (_walking, []); // files gone from the tree drop out
        _skipped = walked.Skipped;
        return walked.Files.AsReadOnly();
    }

    /// <summary>Files read and hashed since this tree was made (an untouched tree hashes none after the first walk).</summary>
    public int FilesHashed { get; private set; }

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

    private RepoFile Describe(FileInfo file, string path)
    {
        var fullName = file.FullName;
        var length = file.Length;
        var modified = file.LastWriteTimeUtc;
        // The id must change when the bytes do: YAML files (the only ones parsed) are hashed; the rest,
        // and files too large to read, get size + mtime.
        string id;
        if (length > SpecLoaderOptions.Default.MaxFileBytes || !FileParser.IsCandidate(path))
        {
            id = $"size:{length}:{modified.Ticks}";
        }
        else if (_hashed.TryGetValue(fullName, out var known) && known.Length == length && known.Modified == modified)
        {
            id = known.Id;
            _walking[fullName] = known;
        }
        else
        {
            var hashedAt = _time.GetUtcNow().UtcDateTime;
            id = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(fullName)));
            FilesHashed++;
            if (modified < hashedAt - RacyWindow)
            {
                _walking[fullName] = (length, modified, id);
            }
        }

        return new RepoFile(path, id, length, () => File.ReadAllBytes(fullName));
    }
}
