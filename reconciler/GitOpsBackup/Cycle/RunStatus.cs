namespace GitOpsBackup.Cycle;

/// <summary>Where one expected backup of the night is; the first six are settled, the rest awaited.</summary>
public enum RunStatus
{
    /// <summary>Finished, backup script exit 0.</summary>
    Ok,

    /// <summary>Finished with some targets failed (exit 3).</summary>
    Partial,

    /// <summary>Finished with nothing to back up (exit 4).</summary>
    Empty,

    /// <summary>Finished with an error.</summary>
    Failed,

    /// <summary>Its volumes sit on different nodes: it cannot run anywhere, so it counts as failed.</summary>
    Unplaceable,

    /// <summary>Ran past its activeDeadlineSeconds.</summary>
    Deadline,

    /// <summary>No Job appeared within the CronJob's starting deadline: the controller skipped it.</summary>
    Missed,

    /// <summary>Admitted and running.</summary>
    Running,

    /// <summary>Created, suspended, waiting for admission.</summary>
    Waiting,

    /// <summary>Not due yet, or due and its Job may still appear.</summary>
    Pending,
}
