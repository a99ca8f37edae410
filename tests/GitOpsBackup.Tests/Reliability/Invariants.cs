using System.Text.Json.Nodes;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Planning;
using GitOpsBackup.Reconciling;

namespace GitOpsBackup.Tests.Reliability;

/// <summary>
/// The promises, checked against the cluster's own state and request log (never the reconciler's view):
/// converged = the plan from the repo's head to the live objects is empty; no CronJob the head still
/// declares is deleted (unless a version pushed since the last convergence did not declare it); no node runs more backups than allowed; each night's clone is created once;
/// no backup Job stays suspended past a bound.
/// </summary>
internal sealed class Invariants(EmbeddedKubernetes cluster, CampaignRepo repo, Func<string?> loadedRevision)
{
    /// <summary>Every reconciler delete of a CronJob, with the revision its pass had loaded and the head's: the trace's evidence.</summary>
    public List<string> DeleteNotes { get; } = [];

    /// <summary>A suspended backup Job older than this waits "forever": the night's backups, one per node, take far less.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(4);

    private readonly HashSet<string> _flaggedJobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _cloneUids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _handDeletes = new(StringComparer.Ordinal);
    private int _logSeen;
    private int _cloneCreates;

    public List<string> Violations { get; } = [];

    /// <summary>The most backups seen running at once on one node.</summary>
    public int PeakPerNode { get; private set; }

    public int ClonesCreated => _cloneCreates;

    /// <summary>The campaign deletes this CronJob by hand (drift): that one delete is not the reconciler's.</summary>
    public void HandDelete(string ns, string name) => _handDeletes[$"{ns}/{name}"] = _handDeletes.GetValueOrDefault($"{ns}/{name}") + 1;

    /// <summary>The plan from the repo's head to the live CronJobs (ours only) has nothing to do.</summary>
    public bool Converged() => !Plan().HasChanges;

    /// <summary>What is still to do, for the trace.</summary>
    public string Difference() => Plan().Summary;

    private ChangeSet Plan()
    {
        var live = cluster.State.List("batch/v1", "CronJob")
            .Where(c => (string?)c["metadata"]?["labels"]?[Ownership.ManagedByLabel] == Ownership.ManagedByValue)
            .Select(LiveObject.FromJson)
            .ToList();
        return Planner.Plan(repo.State.Desired, live);
    }

    /// <summary>
    /// Judges the deletes logged so far against the versions pushed before the settle: the reconciler runs
    /// beside the campaign, so a prune logged after this step's check but before its convergence must not be
    /// judged after the next round's push (an app added back would make it look like a delete of a declared CronJob).
    /// </summary>
    public void CatchUp(string round)
    {
        var entries = cluster.Requests.Since(_logSeen);
        foreach (var e in entries.Where(e => e is { Verb: "delete", Resource: "cronjobs", DryRun: false, StatusCode: < 300 }))
        {
            DeleteNotes.Add($"delete {e.Namespace}/{e.Name} logged between the step's check and the settle");
        }

        CheckRequests(entries, round);
    }

    /// <summary>Runs after every simulation step.</summary>
    public void Check(DateTimeOffset now, string round)
    {
        // The log first, then the state: every create the log shows is already in the state.
        var entries = cluster.Requests.Since(_logSeen);
        CheckNodes(round);
        CheckWaits(now, round);
        CheckRequests(entries, round);
        CheckClones(round);
    }

    private void CheckNodes(string round)
    {
        var limit = repo.State.MaxBackupsPerNode;
        foreach (var node in cluster.State.List("v1", "Pod")
            .Where(p => (string?)p["metadata"]?["labels"]?["backup.homelab.dev/component"] == "backup"
                && (string?)p["status"]?["phase"] is "Running" or "Pending" && (string?)p["spec"]?["nodeName"] is not null)
            .GroupBy(p => (string)p["spec"]!["nodeName"]!))
        {
            var count = node.Count();
            PeakPerNode = Math.Max(PeakPerNode, count);
            var key = $"node {node.Key}: " + string.Join(",", node.Select(p => (string?)p["metadata"]?["name"]).Order(StringComparer.Ordinal));
            if (count > limit && _flaggedJobs.Add(key))
            {
                Violations.Add($"[{round}] {key} run at once (limit {limit})");
            }
        }
    }

    private void CheckWaits(DateTimeOffset now, string round)
    {
        foreach (var job in cluster.State.List("batch/v1", "Job").Where(JobReader.IsBackup))
        {
            var created = JobReader.Time(JobReader.Meta(job, "creationTimestamp"));
            if (job["spec"]?["suspend"]?.GetValue<bool>() == true && created is { } at && now - at > MaxWait
                && _flaggedJobs.Add("wait " + JobReader.Meta(job, "uid")))
            {
                Violations.Add($"[{round}] {JobReader.Meta(job, "namespace")}/{JobReader.Meta(job, "name")} suspended for {(now - at).TotalHours:0.#} h: {JobReader.Annotation(job, JobAnnotations.Waiting)}; {Clones()}");
            }
        }
    }

    /// <summary>The clone Jobs as the cluster has them (state, start, end, pod phase): what a wait behind the clone is measured against.</summary>
    private string Clones() => string.Join(", ", cluster.State.List("batch/v1", "Job").Where(JobReader.IsClone).Select(c =>
    {
        var ns = JobReader.Meta(c, "namespace");
        var pods = cluster.State.List("v1", "Pod").Where(p => (string?)p["metadata"]?["labels"]?["batch.kubernetes.io/job-name"] == JobReader.Meta(c, "name"))
            .Select(p => $"{p["spec"]?["nodeName"]}/{p["status"]?["phase"]}");
        return $"clone {ns}/{JobReader.Meta(c, "name")} {JobReader.StateOf(c)} created {JobReader.Meta(c, "creationTimestamp")} started {c["status"]?["startTime"]} finished {c["status"]?["completionTime"]} pods [{string.Join(" ", pods)}]";
    }));

    private void CheckClones(string round)
    {
        foreach (var clone in cluster.State.List("batch/v1", "Job").Where(JobReader.IsClone))
        {
            var name = JobReader.Meta(clone, "name")!;
            var uids = _cloneUids.TryGetValue(name, out var seen) ? seen : _cloneUids[name] = new HashSet<string>(StringComparer.Ordinal);
            if (uids.Add(JobReader.Meta(clone, "uid")!) && uids.Count > 1)
            {
                Violations.Add($"[{round}] {name} created again (uid #{uids.Count})");
            }
        }

        CheckCloneCount(round);
    }

    /// <summary>The request log since the last look: deletes of declared CronJobs, creates of clone Jobs.</summary>
    private void CheckRequests(IReadOnlyList<RequestLogEntry> entries, string round)
    {
        _logSeen += entries.Count;
        foreach (var e in entries)
        {
            if (e.DryRun || e.StatusCode >= 300)
            {
                continue;
            }

            var key = $"{e.Namespace}/{e.Name}";
            var seenBy = $"reconciler at {Short(loadedRevision())}, head {Short(repo.CommitId)}";
            if (e is { Verb: "delete", Resource: "cronjobs" } && _handDeletes.GetValueOrDefault(key) > 0)
            {
                _handDeletes[key]--;
            }
            else if (e is { Verb: "delete", Resource: "cronjobs" } && repo.DeclaredCronJobs.Contains(key) && !repo.UndeclaredSinceSettled.Contains(key))
            {
                Violations.Add($"[{round}] CronJob {e.Namespace}/{e.Name} deleted while the repo declares it ({seenBy})");
            }
            else if (e is { Verb: "delete", Resource: "cronjobs" })
            {
                DeleteNotes.Add($"delete {key} ({seenBy})");
            }

            if (e is { Verb: "create", Resource: "jobs", Subresource: null } && e.Namespace == repo.State.ExternalClone?.Namespace)
            {
                _cloneCreates++;
            }
        }
    }

    private static string Short(string? revision) => revision is null ? "none" : revision[(revision.LastIndexOf(':') + 1)..][..Math.Min(8, revision.Length - revision.LastIndexOf(':') - 1)];

    private void CheckCloneCount(string round)
    {
        // Every create in the clone's namespace made one clone Job of a distinct night.
        if (_cloneCreates > _cloneUids.Count && _flaggedJobs.Add($"creates {_cloneCreates}"))
        {
            Violations.Add($"[{round}] {_cloneCreates} clone creates for {_cloneUids.Count} nights' clones");
        }
    }
}
