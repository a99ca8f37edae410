namespace GitOpsBackup.Admission;

/// <summary>
/// The per-node count one decision keeps: backups running before it, those it admits, and those it
/// queues. Admitting in FIFO order against this count is what keeps FIFO per node: once a node is
/// full, every later Job for it waits, while Jobs for other nodes go on.
/// </summary>
internal sealed class NodeLedger
{
    private readonly Dictionary<string, List<string>> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _admitted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _queued = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<NodeFact> _nodes;
    private readonly int _limit;

    public NodeLedger(IReadOnlyList<NodeFact> nodes, IEnumerable<BackupJob> running, int limit)
    {
        _nodes = nodes;
        _limit = limit;
        foreach (var job in running.Where(j => j.Node is not null).OrderBy(j => j.Key, StringComparer.Ordinal))
        {
            Of(_running, job.Node!).Add(job.Key);
        }
    }

    public bool HasRoom(string node) => Load(node) < _limit;

    public void Admit(string node, BackupJob job) => Of(_admitted, node).Add(job.Key);

    public void Queue(string node, BackupJob job) => Of(_queued, node).Add(job.Key);

    /// <summary>"node-2 runs 1 of 1 allowed backups: immich/backup-immich-29012345".</summary>
    /// <remarks>Sorted, not in admission order: once the admitted Jobs run, the next pass words it the same and writes nothing.</remarks>
    public string Occupancy(string node)
    {
        var occupants = Keys(_running, node).Concat(Keys(_admitted, node)).Order(StringComparer.Ordinal);
        return $"{node} runs {Load(node)} of {_limit} allowed backups: {string.Join(", ", occupants)}";
    }

    /// <summary>
    /// The node for a Job its volumes do not tie down: the Ready, schedulable node with the fewest
    /// backups (running plus admitted now), then by name. Running and admitted count alike so the
    /// choice does not flip on the next pass, when the admitted ones have started.
    /// </summary>
    public string? LeastBusy() => _nodes
        .Where(n => n.Ready && !n.Unschedulable)
        .Select(n => n.Name)
        .OrderBy(Load)
        .ThenBy(n => n, StringComparer.Ordinal)
        .FirstOrDefault();

    /// <summary>Every node known to the cluster or named by a backup, by name.</summary>
    public IReadOnlyList<NodeLoad> Summary() => _nodes.Select(n => n.Name)
        .Concat(_running.Keys).Concat(_admitted.Keys).Concat(_queued.Keys)
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .Select(n => new NodeLoad(n, [.. Keys(_running, n)], [.. Keys(_admitted, n)], [.. Keys(_queued, n)]))
        .ToList();

    private int Load(string node) => Keys(_running, node).Count + Keys(_admitted, node).Count;

    private static List<string> Of(Dictionary<string, List<string>> map, string node)
    {
        if (!map.TryGetValue(node, out var keys))
        {
            keys = [];
            map[node] = keys;
        }

        return keys;
    }

    private static IReadOnlyList<string> Keys(Dictionary<string, List<string>> map, string node) =>
        map.TryGetValue(node, out var keys) ? keys : [];
}
