using GitOpsBackup.Specs;

namespace GitOpsBackup.Source;

/// <summary>
/// The files under each sub-tree of the last walked revision, by (tree id, path, ignore rules).
/// A one-file change then re-walks only the folders on that file's path. Holds one revision's
/// entries (replaced after each walk), so memory stays bounded. Belongs to one repository.
/// </summary>
internal sealed class SubtreeCache
{
    private Dictionary<(string, string, string), List<RepoFile>> _entries = [];

    public bool TryGet((string, string, string) key, out List<RepoFile> files) => _entries.TryGetValue(key, out files!);

    public void End(Dictionary<(string, string, string), List<RepoFile>> seen) => _entries = seen;

    public void Clear() => _entries = [];
}
