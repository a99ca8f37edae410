using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace GitOpsBackup.Cluster;

/// <summary>
/// The objects of one watched kind, keyed namespace/name, with a snapshot list built on first read
/// after a change. Not thread-safe by itself: <see cref="WatchCache"/> guards it with its lock.
/// </summary>
internal sealed class KindStore
{
    private readonly SortedDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private IReadOnlyList<JsonObject>? _snapshot = ImmutableArray<JsonObject>.Empty;

    /// <summary>Listed at least once.</summary>
    public bool Listed { get; private set; }

    /// <summary>The watch fell behind the server's history (410): the objects may be out of date until the next list.</summary>
    public bool Stale { get; set; }

    /// <summary>Sorted by namespace, then name; shared by every reader until the next change.</summary>
    public IReadOnlyList<JsonObject> Snapshot() => _snapshot ??= [.. _objects.Values];

    /// <summary>Replaces everything with a fresh list; false when every object is the same version as before.</summary>
    public bool Replace(IReadOnlyList<JsonObject> items)
    {
        Listed = true;
        Stale = false;
        var fresh = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            fresh[Key(item)] = item;
        }

        var same = fresh.Count == _objects.Count
            && fresh.All(kv => _objects.TryGetValue(kv.Key, out var old) && SameVersion(old, kv.Value));
        if (same)
        {
            return false;
        }

        _objects.Clear();
        foreach (var (key, item) in fresh)
        {
            _objects[key] = item;
        }

        _snapshot = null;
        return true;
    }

    /// <summary>Adds or replaces one object; false when this version is already here.</summary>
    public bool Upsert(JsonObject item)
    {
        var key = Key(item);
        if (_objects.TryGetValue(key, out var old) && SameVersion(old, item))
        {
            return false;
        }

        _objects[key] = item;
        _snapshot = null;
        return true;
    }

    /// <summary>Removes one object; false when it was not here.</summary>
    public bool Remove(JsonObject item)
    {
        if (!_objects.Remove(Key(item)))
        {
            return false;
        }

        _snapshot = null;
        return true;
    }

    private static string Key(JsonObject item) =>
        $"{(string?)item["metadata"]?["namespace"]}/{(string?)item["metadata"]?["name"]}";

    private static bool SameVersion(JsonObject a, JsonObject b) =>
        ResourceVersion(a) is { Length: > 0 } rv && rv == ResourceVersion(b);

    internal static string? ResourceVersion(JsonObject item) =>
        item["metadata"]?["resourceVersion"] is JsonValue v && v.TryGetValue(out string? rv) ? rv : null;
}
