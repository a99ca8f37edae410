namespace GitOpsBackup.Notifying;

/// <summary>
/// When ntfy and the webhook speak: only on a change of state, so nobody is woken every night.
/// The last state told is kept on the cluster (an annotation on the app's CronJob, on the night's
/// clone Job), so a restart neither repeats nor loses a message. Pure.
/// </summary>
public static class NotifyState
{
    public const string Ok = "ok";
    public const string Failed = "failed";

    /// <summary>The night only: the clone filled the disk (partial) or would not write to it (refused).</summary>
    public const string Partial = "partial";
    public const string Refused = "refused";
    public const string AppSubject = "app";
    public const string NightSubject = "night";

    /// <summary>On an app's backup CronJob: the state of its latest finished backup, as last told (ok|failed).</summary>
    public const string AppAnnotation = "backup.homelab.dev/notified-state";

    /// <summary>On a night's clone Job: its outcome, once the night's ping and messages were sent (ok|partial|refused|failed).</summary>
    public const string NightAnnotation = "backup.homelab.dev/notified";

    public static string Of(bool succeeded) => succeeded ? Ok : Failed;

    /// <summary>The night's state: the clone's outcome in one word (ok, partial, refused, failed).</summary>
    public static string Of(Cycle.CloneOutcome clone) => clone.Word;

    /// <summary>
    /// Whether to speak about <paramref name="current"/> given the state last told: a change speaks
    /// (failed after ok, ok after failed, refused after partial); nothing told yet speaks only of
    /// something not ok; the same state again is silent.
    /// </summary>
    public static bool Speaks(string? lastTold, string current) =>
        lastTold is null ? current != Ok : !string.Equals(lastTold, current, StringComparison.Ordinal);
}
