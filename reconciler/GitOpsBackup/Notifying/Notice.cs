namespace GitOpsBackup.Notifying;

/// <summary>
/// One change of state worth telling (an app's backup, or the night): the body of the ntfy message
/// and of the webhook's JSON. Holds no URL and no token.
/// </summary>
/// <param name="Subject">"app" or "night".</param>
/// <param name="State">"ok" or "failed".</param>
/// <param name="Previous">The state last told, null on a first run.</param>
/// <param name="Job">The Job whose outcome this is.</param>
public sealed record Notice(string Subject, string? Namespace, string? App, string State, string? Previous, string Job, DateTimeOffset At, string Message)
{
    public bool Failed => State == NotifyState.Failed;

    /// <summary>The ntfy title: what changed, in a few words.</summary>
    public string Title => Subject == NotifyState.NightSubject
        ? (Failed ? "Backup night failed" : "Backup night ok again")
        : (Failed ? $"Backup of {Namespace}/{App} failed" : $"Backup of {Namespace}/{App} ok again");
}
