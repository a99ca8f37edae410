namespace GitOpsBackup.Admission;

/// <summary>
/// waiting Jobs × running Jobs × volume placement → admit / wait / replace / unplaceable, Kueue-style.
/// Pure: the pass gathers the facts and carries the plan out; same input, same plan.
/// </summary>
public static class Admitter
{
    public static AdmissionPlan Decide(IReadOnlyList<BackupJob> jobs, PlacementFacts facts, AdmissionOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBackupsPerNode, 1);

        // 1. Running Jobs hold their node's slots and their app's turn.
        var running = jobs.Where(j => j.State == BackupJobState.Running).ToList();
        var ledger = new NodeLedger(facts.Nodes, running, options.MaxBackupsPerNode);
        var runningByApp = running
            .OrderBy(j => j.Key, StringComparer.Ordinal)
            .GroupBy(j => j.AppKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        // 2. First in line first; only the newest waiting Job of an app stays in line.
        var waiting = jobs.Where(j => j.State == BackupJobState.Waiting).ToList();
        waiting.Sort(Fifo);
        var newestByApp = waiting
            .GroupBy(j => j.AppKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Aggregate((a, b) => Newer(b, a) ? b : a), StringComparer.Ordinal);

        // 3. One action per waiting Job, in line order, so earlier Jobs take a node's slots first.
        var actions = new List<AdmissionAction>(waiting.Count);
        foreach (var job in waiting)
        {
            var newest = newestByApp[job.AppKey];
            if (!ReferenceEquals(newest, job))
            {
                actions.Add(new Replace(job, newest));
            }
            else if (options.Paused)
            {
                actions.Add(new Wait(job, null, options.PausedReason ?? AdmissionOptions.DefaultPausedReason));
            }
            else if (runningByApp.TryGetValue(job.AppKey, out var run))
            {
                actions.Add(new Wait(job, null, $"{run.Key} of the same app is running"));
            }
            else
            {
                actions.Add(Place(job, VolumePlacement.OfJob(job, facts), ledger));
            }
        }

        return new AdmissionPlan(actions, ledger.Summary(), now);
    }

    private static AdmissionAction Place(BackupJob job, JobPlacement placement, NodeLedger ledger)
    {
        switch (placement.Verdict)
        {
            case JobPlacementVerdict.Unplaceable:
                return new Unplaceable(job, placement.Reason);
            case JobPlacementVerdict.NodeUnavailable:
                ledger.Queue(placement.Node!, job);
                return new Wait(job, placement.Node, placement.Reason);
            case JobPlacementVerdict.Anywhere:
                var node = ledger.LeastBusy();
                if (node is null)
                {
                    return new Wait(job, null, $"no node is Ready and schedulable ({placement.Reason})");
                }

                return ledger.HasRoom(node)
                    ? AdmitTo(node, $"{placement.Reason}; {node} is the least busy node")
                    : QueueFor(node, $"{ledger.Occupancy(node)} (the least busy node; {placement.Reason})");
            default:
                return ledger.HasRoom(placement.Node!)
                    ? AdmitTo(placement.Node!, placement.Reason)
                    : QueueFor(placement.Node!, ledger.Occupancy(placement.Node!));
        }

        AdmissionAction AdmitTo(string node, string reason)
        {
            ledger.Admit(node, job);
            return new Admit(job, node, placement.Source, reason);
        }

        AdmissionAction QueueFor(string node, string reason)
        {
            ledger.Queue(node, job);
            return new Wait(job, node, reason);
        }
    }

    /// <summary>Line order: scheduled time, then namespace and name so equal times stay stable.</summary>
    private static int Fifo(BackupJob a, BackupJob b)
    {
        var byTime = a.ScheduledAt.CompareTo(b.ScheduledAt);
        if (byTime != 0)
        {
            return byTime;
        }

        var byNamespace = string.CompareOrdinal(a.Namespace, b.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name);
    }

    private static bool Newer(BackupJob a, BackupJob b) =>
        a.ScheduledAt != b.ScheduledAt ? a.ScheduledAt > b.ScheduledAt : string.CompareOrdinal(a.Name, b.Name) > 0;
}
