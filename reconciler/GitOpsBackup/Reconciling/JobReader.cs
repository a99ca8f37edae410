using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOpsBackup.Admission;
using GitOpsBackup.Cycle;
using GitOpsBackup.Rendering;

namespace GitOpsBackup.Reconciling;

/// <summary>Live Job JSON → <see cref="BackupJob"/>; live pods, claims, volumes and nodes → <see cref="PlacementFacts"/>. Pure.</summary>
internal static partial class JobReader
{
    public const string ScheduledAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    public const string InstantiateAnnotation = "cronjob.kubernetes.io/instantiate";
    public const string Hostname = "kubernetes.io/hostname";

    public static bool IsBackup(JsonObject job) => Label(job, RenderedLabels.Component) == RenderedLabels.BackupComponent && Label(job, Ownership.AppLabel) is not null;

    /// <summary>An app's backup CronJob (not its restore drill); CronJobs from before the component label count as backups.</summary>
    public static bool IsBackupCronJob(JsonObject cronJob) =>
        Label(cronJob, Ownership.AppLabel) is not null && Label(cronJob, RenderedLabels.Component) is null or RenderedLabels.BackupComponent;

    /// <summary>A run of an app's restore drill (verify-&lt;app&gt;).</summary>
    public static bool IsVerify(JsonObject job) => Label(job, RenderedLabels.Component) == RenderedLabels.VerifyComponent && Label(job, Ownership.AppLabel) is not null;

    public static bool IsClone(JsonObject job) => Label(job, RenderedLabels.Component) == RenderedLabels.CloneComponent;

    /// <summary>Every backup Job of the snapshot, its node taken from its pod when it has one.</summary>
    public static IReadOnlyList<BackupJob> BackupJobs(LiveSnapshot live)
    {
        var podsByOwner = PodsByOwner(live.Pods, null);
        return live.Jobs.Where(IsBackup).Select(j => Read(j, podsByOwner.GetValueOrDefault(Meta(j, "uid") ?? ""))).ToList();
    }

    /// <summary>The pod that speaks for <paramref name="job"/> (its latest attempt, unless one succeeded); null when it has none left.</summary>
    public static JsonObject? PodOf(LiveSnapshot live, JsonObject job) =>
        Meta(job, "uid") is { } uid ? PodsByOwner(live.Pods, uid).GetValueOrDefault(uid) : null;

    private static Dictionary<string, JsonObject> PodsByOwner(IEnumerable<JsonObject> pods, string? onlyUid)
    {
        var podsByOwner = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            foreach (var owner in pod["metadata"]?["ownerReferences"] as JsonArray ?? [])
            {
                if ((string?)owner?["kind"] == "Job" && (string?)owner?["uid"] is { } uid && (onlyUid is null || uid == onlyUid)
                    && (!podsByOwner.TryGetValue(uid, out var seen) || Str(seen, "status", "phase") != "Succeeded"))
                {
                    // The latest attempt wins, unless one succeeded: that one ran the backup the Job reports.
                    podsByOwner[uid] = pod;
                }
            }
        }

        return podsByOwner;
    }

    public static BackupJob Read(JsonObject job, JsonObject? pod)
    {
        var state = StateOf(job);
        var pinned = Str(job, "spec", "template", "spec", "nodeSelector", Hostname);
        var podNode = pod is null ? null : Str(pod, "spec", "nodeName");
        var scheduled = Annotation(job, ScheduledAnnotation);
        return new BackupJob
        {
            Namespace = Meta(job, "namespace") ?? "",
            Name = Meta(job, "name") ?? "",
            App = Label(job, Ownership.AppLabel) ?? "",
            ScheduledAt = Time(scheduled) ?? Time(Meta(job, "creationTimestamp")) ?? DateTimeOffset.UnixEpoch,
            State = state,
            Node = state == BackupJobState.Waiting ? pinned : podNode ?? pinned,
            Claims = Claims(job["spec"]?["template"]?["spec"]),
            Outcome = state == BackupJobState.Finished ? OutcomeOf(job, pod)
                : Annotation(job, JobAnnotations.Outcome) == "unplaceable" ? JobOutcome.Unplaceable : null,
            WaitReason = Annotation(job, JobAnnotations.Waiting),
            Manual = scheduled is null || Annotation(job, InstantiateAnnotation) == "manual",
            StartedAt = Time(Str(job, "status", "startTime")),
            FinishedAt = state == BackupJobState.Finished ? FinishedAt(job) : null,
            BytesAdded = state == BackupJobState.Finished ? BytesAdded(pod) : null,
            Reason = state == BackupJobState.Finished ? Reason(pod) : null,
        };
    }

    /// <summary>
    /// The figure of the backup container's termination message, when that message is exactly what
    /// backup.sh writes (<c>bytes_added=&lt;digits&gt;</c>, then maybe its outcome line); anything
    /// else — an older script, a crash's log tail — is not a figure.
    /// </summary>
    public static long? BytesAdded(JsonObject? pod) =>
        TerminationMessage(pod) is { } message && BackupMessage().Match(message) is { Success: true } match && match.Groups[1].Success
            && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;

    /// <summary>Why the run was not ok, from backup.sh's <c>outcome=&lt;word&gt; reason=&lt;words&gt;</c> line (e.g. <c>empty-dump</c>).</summary>
    public static string? Reason(JsonObject? pod) =>
        TerminationMessage(pod) is { } message && BackupMessage().Match(message) is { Success: true } match && match.Groups[2].Success
            && match.Groups[2].Value.Length > 0 ? match.Groups[2].Value : null;

    private static string? TerminationMessage(JsonObject? pod, string container = CronJobRenderer.Container) =>
        Terminated(pod, container)?["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? Terminated(JsonObject? pod, string container) =>
        (pod?["status"]?["containerStatuses"] as JsonArray ?? [])
            .Where(c => (string?)c?["name"] == container)
            .Select(c => c?["state"]?["terminated"])
            .FirstOrDefault(t => t is not null);

    /// <summary>
    /// How the clone Job ended: Complete = ok; past its deadline = failed (deadline); else clone.sh's
    /// exit code (3 partial, 5 refused, other failed) from its pod, or — the pod gone — from the
    /// Job's Failed condition, which Kubernetes writes for the podFailurePolicy rule that ended it;
    /// the reason from clone.sh's termination message (<c>outcome=&lt;word&gt; reason=&lt;words&gt;</c>).
    /// </summary>
    public static CloneOutcome CloneOutcomeOf(JsonObject job, JsonObject? pod)
    {
        if (HasCondition(job, "Complete"))
        {
            return CloneOutcome.Ok;
        }

        if (ConditionReason(job, "Failed") == "DeadlineExceeded")
        {
            return new CloneOutcome(CloneResult.Failed, "deadline");
        }

        var said = TerminationMessage(pod, CloneJobRenderer.Container) is { } text && CloneMessage().Match(text) is { Success: true } m ? m : null;
        var code = Terminated(pod, CloneJobRenderer.Container)?["exitCode"] is JsonValue e && e.TryGetValue<int>(out var exit) ? exit
            : ConditionMessage(job, "Failed") is { } message && PolicyExitCode().Match(message) is { Success: true } p ? int.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture)
            : (int?)null;
        var result = code switch
        {
            CloneExit.Partial => CloneResult.Partial,
            CloneExit.Refused => CloneResult.Refused,
            null when said?.Groups[1].Value == "partial" => CloneResult.Partial,
            null when said?.Groups[1].Value == "refused" => CloneResult.Refused,
            _ => CloneResult.Failed,
        };
        return new CloneOutcome(result, said is not null && said.Groups[2].Value.Length > 0 ? said.Groups[2].Value : null);
    }

    public static BackupJobState StateOf(JsonObject job)
    {
        if (HasCondition(job, "Complete") || HasCondition(job, "Failed"))
        {
            return BackupJobState.Finished;
        }

        var suspended = job["spec"]?["suspend"] is JsonValue v && v.TryGetValue<bool>(out var s) && s;
        return suspended && Str(job, "status", "startTime") is null ? BackupJobState.Waiting : BackupJobState.Running;
    }

    /// <summary>Complete = ok; Failed by deadline = deadline; else the backup script's exit code (3 partial, 4 empty) or failed.</summary>
    public static JobOutcome OutcomeOf(JsonObject job, JsonObject? pod)
    {
        if (HasCondition(job, "Complete"))
        {
            return JobOutcome.Ok;
        }

        if (ConditionReason(job, "Failed") == "DeadlineExceeded")
        {
            return JobOutcome.DeadlineExceeded;
        }

        var exit = pod?["status"]?["containerStatuses"]?[0]?["state"]?["terminated"]?["exitCode"];
        return exit is JsonValue e && e.TryGetValue<int>(out var code) ? code switch
        {
            3 => JobOutcome.Partial,
            4 => JobOutcome.Empty,
            _ => JobOutcome.Failed,
        } : JobOutcome.Failed;
    }

    public static PlacementFacts Placement(LiveSnapshot live) => new()
    {
        Claims = live.Claims.Select(c => new ClaimFact(Meta(c, "namespace") ?? "", Meta(c, "name") ?? "", Str(c, "spec", "volumeName"))).ToList(),
        Attachments = live.Attachments
            .Where(a => Str(a, "spec", "source", "persistentVolumeName") is not null && Str(a, "spec", "nodeName") is not null)
            .Select(a => new AttachmentFact(Str(a, "spec", "source", "persistentVolumeName")!, Str(a, "spec", "nodeName")!, a["status"]?["attached"] is JsonValue at && at.TryGetValue<bool>(out var yes) && yes))
            .ToList(),
        Pods = live.Pods
            .Where(p => Label(p, RenderedLabels.Component) is null && Str(p, "status", "phase") is "Running" or "Pending")
            .Select(p => new PodFact(Meta(p, "namespace") ?? "", Meta(p, "name") ?? "", Str(p, "spec", "nodeName"), Str(p, "status", "phase") == "Running", Claims(p["spec"])))
            .ToList(),
        Volumes = live.Volumes.Select(v => new VolumeFact(Meta(v, "name") ?? "", AffinityHostnames(v))).ToList(),
        Nodes = live.Nodes.Select(n => new NodeFact(
            Meta(n, "name") ?? "",
            (n["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True"),
            n["spec"]?["unschedulable"] is JsonValue u && u.TryGetValue<bool>(out var cordoned) && cordoned)).ToList(),
    };

    private static IReadOnlyList<string> Claims(JsonNode? podSpec) =>
        (podSpec?["volumes"] as JsonArray ?? [])
            .Select(v => (string?)v?["persistentVolumeClaim"]?["claimName"])
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static IReadOnlyList<string> AffinityHostnames(JsonObject pv)
    {
        var terms = pv["spec"]?["nodeAffinity"]?["required"]?["nodeSelectorTerms"] as JsonArray ?? [];
        return terms
            .SelectMany(t => t?["matchExpressions"] as JsonArray ?? [])
            .Where(e => (string?)e?["key"] == Hostname && (string?)e?["operator"] == "In")
            .SelectMany(e => e?["values"] as JsonArray ?? [])
            .Select(v => (string?)v)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static DateTimeOffset? FinishedAt(JsonObject job) =>
        Time(Str(job, "status", "completionTime"))
        ?? (job["status"]?["conditions"] as JsonArray ?? [])
            .Where(c => (string?)c?["type"] is "Complete" or "Failed" && (string?)c?["status"] == "True")
            .Select(c => Time((string?)c?["lastTransitionTime"]))
            .FirstOrDefault(t => t is not null);

    private static bool HasCondition(JsonObject job, string type) =>
        (job["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] == type && (string?)c?["status"] == "True");

    private static string? ConditionReason(JsonObject job, string type) =>
        (job["status"]?["conditions"] as JsonArray ?? [])
            .Where(c => (string?)c?["type"] == type && (string?)c?["status"] == "True")
            .Select(c => (string?)c?["reason"])
            .FirstOrDefault();

    private static string? ConditionMessage(JsonObject job, string type) =>
        (job["status"]?["conditions"] as JsonArray ?? [])
            .Where(c => (string?)c?["type"] == type && (string?)c?["status"] == "True")
            .Select(c => (string?)c?["message"])
            .FirstOrDefault();

    public static string? Meta(JsonObject obj, string field) => (string?)obj["metadata"]?[field];

    public static string? Label(JsonObject obj, string key) => (string?)obj["metadata"]?["labels"]?[key];

    public static string? Annotation(JsonObject obj, string key) => (string?)obj["metadata"]?["annotations"]?[key];

    public static string? Str(JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var step in path)
        {
            node = node?[step];
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    // backup.sh's two lines, each optional; echo's newline is allowed; nothing else is.
    [GeneratedRegex(@"\A(?:bytes_added=([0-9]{1,18})(?:\n|\z))?(?:outcome=(?:failed|partial|empty) reason=([a-z,-]{0,200})\n?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex BackupMessage();

    // clone.sh's one line; the reasons are its own words (disk-full, wrong-disk, …).
    [GeneratedRegex(@"\Aoutcome=(partial|refused|failed) reason=([a-z,-]{0,200})\n?\z", RegexOptions.CultureInvariant)]
    private static partial Regex CloneMessage();

    // The Job controller's message for a podFailurePolicy FailJob rule: "Container clone for pod ns/name failed with exit code 3 matching FailJob rule at index 0".
    [GeneratedRegex(@"failed with exit code ([0-9]{1,3}) matching FailJob rule", RegexOptions.CultureInvariant)]
    private static partial Regex PolicyExitCode();
}
