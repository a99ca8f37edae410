namespace GitOpsBackup.Restoring;

/// <summary>
/// Which snapshot a restore uses, for volumes and dumps alike: the one asked for by id (a unique
/// prefix), the newest at or before --as-of, or the latest. Pure.
/// </summary>
internal static class SnapshotChoice
{
    /// <param name="snapshots">The candidates, oldest first, at least one.</param>
    /// <param name="subject">What they are snapshots of, for messages: "volume data", "dump db".</param>
    /// <param name="listHint">The command that lists them, for messages.</param>
    public static (ResticSnapshot? Snapshot, string Choice, RestoreDecision.Refused? Refused) Pick(
        IReadOnlyList<ResticSnapshot> snapshots, string? snapshotId, DateTimeOffset? asOf, string subject, string listHint)
    {
        if (snapshotId is { } id)
        {
            var matches = snapshots.Where(s => s.Id.StartsWith(id, StringComparison.Ordinal)).ToList();
            return matches.Count == 1
                ? (matches[0], "asked for by id", null)
                : (null, "", new RestoreDecision.Refused(
                    matches.Count == 0 ? $"no snapshot of {subject} has an id starting with '{id}'" : $"'{id}' matches {matches.Count} snapshots",
                    [$"pick one of: {string.Join(", ", snapshots.Select(s => s.ShortId))} ({listHint})"]));
        }

        if (asOf is { } time)
        {
            var before = snapshots.LastOrDefault(s => s.Time <= time);
            return before is not null
                ? (before, $"the newest at or before {RestorePlanner.Time(time)}", null)
                : (null, "", new RestoreDecision.Refused($"no snapshot of {subject} was taken at or before {RestorePlanner.Time(time)}",
                    [$"the oldest is {snapshots[0].ShortId} of {RestorePlanner.Time(snapshots[0].Time)}; give a later --as-of"]));
        }

        return (snapshots[^1], "the latest", null);
    }
}
