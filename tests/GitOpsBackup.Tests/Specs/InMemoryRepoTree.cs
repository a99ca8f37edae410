using System.Security.Cryptography;
using System.Text;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Tests.Specs;

/// <summary>A repo tree held in memory (path → bytes), with a hash as content id, for loader tests.</summary>
internal sealed class InMemoryRepoTree : IRepoTree
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public InMemoryRepoTree Add(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    public InMemoryRepoTree Add(string path, byte[] bytes)
    {
        _files[path] = bytes;
        return this;
    }

    public InMemoryRepoTree Remove(string path)
    {
        _files.Remove(path);
        return this;
    }

    public IEnumerable<RepoFile> EnumerateFiles() =>
        _files.Select(f => new RepoFile(f.Key, Convert.ToHexString(SHA256.HashData(f.Value)), f.Value.Length, () => f.Value)).ToList();
}
