namespace GitOpsBackup.Admission;

/// <summary>
/// One backup Job as admission and the night's cycle see it, read from the live Job (and its pod).
/// Built by the pass from the watch cache; admission and the cycle never read the cluster themselves.
/// </summary>
public sealed record BackupJob
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>The app (the <c>backup.homelab.dev/app</c> label).</summary>
    public required string App { get; init; }

    /// <summary>The CronJob's <c>batch.kubernetes.io/cronjob-scheduled-timestamp</c>, else the Job's creation time.</summary>
    public required DateTimeOffset ScheduledAt { get; init; }

    public required BackupJobState State { get; init; }

    /// <summary>Waiting: the node it is pinned to (nodeSelector kubernetes.io/hostname), if any. Running/finished: the pod's node, else the pinned one.</summary>
    public string? Node { get; init; }

    /// <summary>PVC names its pod template mounts (in <see cref="Namespace"/>).</summary>
    public IReadOnlyList<string> Claims { get; init; } = [];

    /// <summary>Finished: how it ended. Waiting: <see cref="JobOutcome.Unplaceable"/> once marked so.</summary>
    public JobOutcome? Outcome { get; init; }

    /// <summary>Why it waits, as last recorded on the Job (annotation); the pass writes only when this changes.</summary>
    public string? WaitReason { get; init; }

    /// <summary>Not fired by the CronJob on schedule: <c>gitops-backup backup</c> or <c>kubectl create job --from=cronjob/…</c>.</summary>
    public bool Manual { get; init; }

    /// <summary>When it finished (finished Jobs only).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When it started running (admitted Jobs only).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Finished: the bytes restic added, as the backup script wrote them to its termination message; null when not reported.</summary>
    public long? BytesAdded { get; init; }

    /// <summary>Finished and not ok: why, as the backup script wrote it to its termination message (e.g. <c>empty-dump</c>); null when not reported.</summary>
    public string? Reason { get; init; }

    public string Key => $"{Namespace}/{Name}";

    public string AppKey => $"{Namespace}/{App}";
}

/// <summary>Where a backup Job is in its life.</summary>
public enum BackupJobState
{
    /// <summary>Suspended and never started: admission decides.</summary>
    Waiting,

    /// <summary>Admitted (un-suspended) and not finished.</summary>
    Running,

    /// <summary>Complete or Failed.</summary>
    Finished,
}

/// <summary>How a backup run ended (the backup script's exit: 0 ok, 3 partial, 4 empty, else failed).</summary>
public enum JobOutcome
{
    Ok,
    Partial,
    Empty,
    Failed,

    /// <summary>Its volumes are attached to different nodes (or to no usable node): it cannot run anywhere.</summary>
    Unplaceable,

    /// <summary>Ran past its activeDeadlineSeconds.</summary>
    DeadlineExceeded,
}
