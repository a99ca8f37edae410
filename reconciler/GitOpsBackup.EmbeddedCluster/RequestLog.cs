namespace GitOpsBackup.EmbeddedCluster;

/// <summary>Every request the embedded API served, in order; thread-safe.</summary>
public sealed class RequestLog
{
    private readonly Lock gate = new();
    private readonly List<RequestLogEntry> entries = [];

    /// <summary>A snapshot of the entries so far.</summary>
    public IReadOnlyList<RequestLogEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    /// <summary>The entries from index <paramref name="start"/> on: a checker reading the log as it grows copies only what is new.</summary>
    public IReadOnlyList<RequestLogEntry> Since(int start)
    {
        lock (gate)
        {
            return start < entries.Count ? entries.GetRange(start, entries.Count - start) : [];
        }
    }

    /// <summary>Requests with this verb (get, list, watch, create, update, patch, apply, delete, …).</summary>
    public int Count(string verb) => Entries.Count(e => e.Verb == verb);

    /// <summary>Requests with this verb on one resource (plural, e.g. "cronjobs").</summary>
    public int Count(string verb, string resource) => Entries.Count(e => e.Verb == verb && e.Resource == resource);

    /// <summary>create + update + patch + apply + delete (+ deletecollection), dry-run excluded.</summary>
    public int Writes => Entries.Count(e => e.IsWrite);

    /// <summary>The write requests themselves, for assertion messages.</summary>
    public IReadOnlyList<RequestLogEntry> WriteEntries => [.. Entries.Where(e => e.IsWrite)];

    public void Reset()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }

    internal void Add(RequestLogEntry entry)
    {
        lock (gate)
        {
            entries.Add(entry);
        }
    }
}
