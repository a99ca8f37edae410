namespace GitOpsBackup.Cycle;

/// <summary>A backup the night's cycle waits for: an app's scheduled fire time inside the window.</summary>
/// <param name="Namespace">The app's namespace.</param>
/// <param name="App">The app's name.</param>
/// <param name="ScheduledAt">The fire time (UTC); for an ambiguous fall-back local time, its first occurrence.</param>
public sealed record ExpectedRun(string Namespace, string App, DateTimeOffset ScheduledAt)
{
    /// <summary>
    /// The second occurrence of an ambiguous fall-back local time. Controllers differ on which one
    /// they stamp (the simulator converts as standard time, the later one), so a Job at either matches.
    /// </summary>
    public DateTimeOffset? RepeatAt { get; init; }

    public string AppKey => $"{Namespace}/{App}";

    /// <summary>The last instant a controller may fire this run at.</summary>
    public DateTimeOffset LastDue => RepeatAt ?? ScheduledAt;
}
