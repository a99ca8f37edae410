using GitOpsBackup.Specs;

namespace GitOpsBackup.Tests.Source;

/// <summary>
/// Reads a tree the way the spec loader caches it — by (path, content id) — and counts real reads,
/// so a test can show which blobs a new revision costs.
/// </summary>
internal sealed class CachingReader
{
    private readonly Dictionary<(string Path, string ContentId), string> _cache = [];

    public int Reads { get; private set; }

    public Dictionary<string, string> Load(IRepoTree tree)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in tree.EnumerateFiles())
        {
            if (!_cache.TryGetValue((file.Path, file.ContentId), out var text))
            {
                Reads++;
                text = System.Text.Encoding.UTF8.GetString(file.ReadAllBytes());
                _cache[(file.Path, file.ContentId)] = text;
            }

            result[file.Path] = text;
        }

        return result;
    }
}
