namespace GitOpsBackup.Reporting;

/// <summary>
/// One run on the night's timeline: the wait (from the Job's creation until admission, drawn
/// lighter) and the run (admission until finished, or until now while it runs).
/// </summary>
/// <param name="Label">"namespace/app" of a backup, or the clone Job's name.</param>
/// <param name="Job">The Job's name.</param>
/// <param name="WaitFrom">When it was created; equals <paramref name="RunFrom"/> when it never waited.</param>
/// <param name="RunFrom">When it was admitted (started); null while it still waits.</param>
/// <param name="To">When it finished, or the page's time while it runs or waits.</param>
/// <param name="Outcome">ok, partial, empty, failed, deadline, unplaceable, running or waiting: the bar's colour class.</param>
internal sealed record TimelineBar(string Label, string Job, DateTimeOffset WaitFrom, DateTimeOffset? RunFrom, DateTimeOffset To, string Outcome)
{
    /// <summary>The text beside the bar when it fits; null: the app's name (the label after its namespace).</summary>
    public string? Name { get; init; }
}
