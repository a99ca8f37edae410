namespace GitOpsBackup.Notifying;

/// <summary>
/// One change of state worth telling (an app's backup, or the night): the body of the ntfy message
/// and of the webhook's JSON. Holds no URL and no token.
/// </summary>
/// <param name="Subject">"app" or "night".</param>
/// <param name="State">"ok" or "failed"; the night also "partial" or "refused" (its clone's outcome).</param>
/// <param name="Previous">The state last told, null on a first run.</param>
/// <param name="Job">The Job whose outcome this is.</param>
public sealed record Notice(string Subject, string? Namespace, string? App, string State, string? Previous, string Job, DateTimeOffset At, string Message)
{
    /// <summary>Why it is not ok, in the words of the script that said so (the night: clone.sh's, e.g. disk-full); null when it said nothing.</summary>
    public string? Reason { get; init; }

    /// <summary>Anything but ok: failed, partial, refused.</summary>
    public bool Failed => State != NotifyState.Ok;

    /// <summary>The ntfy title: what changed, in a few words.</summary>
    public string Title => Subject == NotifyState.NightSubject
        ? State switch
        {
            NotifyState.Ok => "Backup night ok again",
            NotifyState.Partial => "Backup night partial: the external disk is full",
            NotifyState.Refused => "Backup night: the external clone refused to copy",
            _ => "Backup night failed",
        }
        : (Failed ? $"Backup of {Namespace}/{App} failed" : $"Backup of {Namespace}/{App} ok again");
}
