using System.Security.Cryptography;
using GitOpsBackup.Specs.Loading;

namespace GitOpsBackup.Specs;

/// <summary>
/// A working directory as an <see cref="IRepoTree"/>: skips .git and what .sourceignore lists (Flux
/// semantics), never follows a symlink (a link inside the tree is reached by its target's own path
/// anyway; one pointing out of the tree must not be read). ContentId is a SHA-256 of the bytes.
/// </summary>
public sealed class DirectoryRepoTree : IRepoTree
{
    private readonly string _root;

    public DirectoryRepoTree(string root)
    {
        _root = Path.GetFullPath(root);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"{root}: no such directory");
        }
    }

    public IEnumerable<RepoFile> EnumerateFiles()
    {
        var ignore = new SourceIgnore();
        var files = new List<RepoFile>();
        Walk(new DirectoryInfo(_root), "", ignore, files);
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private static void Walk(DirectoryInfo directory, string relative, SourceIgnore ignore, List<RepoFile> files)
    {
        var ignoreFile = Path.Combine(directory.FullName, SourceIgnore.FileName);
        if (File.Exists(ignoreFile) && new FileInfo(ignoreFile).LinkTarget is null)
        {
            ignore.Add(relative, File.ReadAllText(ignoreFile));
        }

        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            if (entry.LinkTarget is not null)
            {
                // Never follow a symlink: it may point out of the tree (/etc, another repo).
                continue;
            }

            if (entry is DirectoryInfo sub)
            {
                if (!ignore.IsIgnored(path, isDirectory: true))
                {
                    Walk(sub, path, ignore, files);
                }
            }
            else if (entry is FileInfo file && !ignore.IsIgnored(path, isDirectory: false))
            {
                files.Add(Describe(file, path));
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
