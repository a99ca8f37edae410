namespace GitOpsBackup.Cycle;

/// <summary>An app as the night's cycle sees it: its concrete schedule (hashed form already expanded, as rendered) and time zone.</summary>
/// <param name="Namespace">The app's namespace.</param>
/// <param name="App">The app's name.</param>
/// <param name="Schedule">5-field cron or a macro (@daily), exactly as in the rendered CronJob.</param>
/// <param name="TimeZone">IANA time zone of the schedule.</param>
/// <param name="Suspended">A suspended app runs nothing and is not waited for.</param>
public sealed record CycleApp(string Namespace, string App, string Schedule, string TimeZone, bool Suspended = false)
{
    public string AppKey => $"{Namespace}/{App}";
}
