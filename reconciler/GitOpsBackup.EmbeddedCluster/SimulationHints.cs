namespace GitOpsBackup.EmbeddedCluster;

/// <summary>Annotations (on a Job or its pod template) and labels that steer the simulation of that Job.</summary>
public static class SimulationHints
{
    /// <summary>Value "Failed" makes the simulated Job fail (exit code 1) instead of succeed.</summary>
    public const string OutcomeAnnotation = "simulation.gitops-backup.dev/outcome";

    /// <summary>How long the simulated Job runs: "90s" or "00:01:30".</summary>
    public const string DurationAnnotation = "simulation.gitops-backup.dev/duration";

    /// <summary>
    /// The container's exit code, like the backup script's: "0" ok, "1" failed, "3" partial, "4"
    /// empty source. Anything but 0 fails the Job.
    /// </summary>
    public const string ExitCodeAnnotation = "simulation.gitops-backup.dev/exit-code";

    /// <summary>The container's termination message (what a script writes to /dev/termination-log), e.g. "outcome=partial reason=disk-full".</summary>
    public const string TerminationMessageAnnotation = "simulation.gitops-backup.dev/termination-message";

    /// <summary>The app label that <see cref="EmbeddedClusterOptions.FailApps"/> is matched against.</summary>
    public const string AppLabel = "backup.homelab.dev/app";
}
