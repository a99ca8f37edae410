namespace GitOpsBackup.Source;

/// <summary>
/// The files (and passed-over entries) under each sub-tree of the last walked revision, by (tree id, path, ignore rules).
/// A one-file change then re-walks only the folders on that file's path. Holds one revision's
/// entries (replaced after each walk), so memory stays bounded. Belongs to one repository.
/// </summary>
internal sealed class SubtreeCache
{
    private Dictionary<(string, string, string), WalkedFolder> _entries = [];

    public bool TryGet((string, string, string) key, out WalkedFolder folder) => _entries.TryGetValue(key, out folder!);

    public void End(Dictionary<(string, string, string), WalkedFolder> seen) => _entries = seen;

    public void Clear() => _entries = [];
}
