using System.Security.Cryptography;
using System.Text;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Fuzz;

/// <summary>
/// Several repo files in one fuzz input, so byte-level fuzzers (afl, libFuzzer) can reach the cross-file
/// steps: a line <c>#==> path</c> starts each file; bytes before the first marker are
/// <see cref="DefaultPath"/>. Paths are cleaned the way every <see cref="IRepoTree"/> hands them out
/// (repo-relative, '/' separated, no '.' or '..' segments): the tree's contract, not the loader's job.
/// </summary>
internal static class RepoArchive
{
    public const string DefaultPath = "apps/app/backup.yaml";

    private static readonly byte[] Marker = "#==> "u8.ToArray();

    public static byte[] Pack(IEnumerable<(string Path, byte[] Bytes)> files)
    {
        using var stream = new MemoryStream();
        foreach (var (path, bytes) in files)
        {
            stream.Write(Marker);
            stream.Write(Encoding.UTF8.GetBytes(path + "\n"));
            stream.Write(bytes);
            if (bytes.Length == 0 || bytes[^1] != (byte)'\n')
            {
                stream.WriteByte((byte)'\n');
            }
        }

        return stream.ToArray();
    }

    public static SortedDictionary<string, byte[]> Unpack(ReadOnlySpan<byte> input)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        string? path = null;
        var pos = 0;
        while (true)
        {
            var marker = FindMarker(input, pos);
            var end = marker < 0 ? input.Length : marker;
            if (path is not null || end > 0)
            {
                Add(files, path ?? DefaultPath, input[pos..end].ToArray());
            }

            if (marker < 0)
            {
                return files;
            }

            var newline = input[marker..].IndexOf((byte)'\n');
            var lineEnd = newline < 0 ? input.Length : marker + newline;
            path = Clean(Encoding.UTF8.GetString(input[(marker + Marker.Length)..lineEnd]));
            pos = newline < 0 ? input.Length : lineEnd + 1;
        }
    }

    /// <summary>The next marker at a line start, at or after <paramref name="from"/>; -1 when none.</summary>
    private static int FindMarker(ReadOnlySpan<byte> input, int from)
    {
        if (from == 0 && input.StartsWith(Marker))
        {
            return 0;
        }

        var searchFrom = Math.Max(from - 1, 0);
        var found = input[searchFrom..].IndexOf("\n#==> "u8);
        return found < 0 ? -1 : searchFrom + found + 1;
    }

    public static IRepoTree Tree(SortedDictionary<string, byte[]> files) => new InMemoryTree(files);

    private static void Add(SortedDictionary<string, byte[]> files, string path, byte[] bytes)
    {
        // A marker repeated for one path appends, as a fuzzer's splice would expect.
        files[path] = files.TryGetValue(path, out var before) ? [.. before, .. bytes] : bytes;
    }

    private static string Clean(string path)
    {
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s is not "." and not ".." && !s.Any(char.IsControl))
            .ToArray();
        return segments.Length == 0 ? DefaultPath : string.Join('/', segments);
    }

    private sealed class InMemoryTree(SortedDictionary<string, byte[]> files) : IRepoTree
    {
        public IEnumerable<RepoFile> EnumerateFiles() =>
            files.Select(f => new RepoFile(f.Key, Convert.ToHexString(SHA256.HashData(f.Value)), f.Value.Length, () => f.Value)).ToList();
    }
}
