namespace GitOpsBackup.EmbeddedCluster;

/// <summary>Annotations (on a Job or its pod template) that steer the simulation of that Job.</summary>
public static class SimulationHints
{
    /// <summary>Value "Failed" makes the simulated Job fail instead of succeed.</summary>
    public const string OutcomeAnnotation = "simulation.gitops-backup.dev/outcome";

    /// <summary>How long the simulated Job runs: "90s" or "00:01:30".</summary>
    public const string DurationAnnotation = "simulation.gitops-backup.dev/duration";
}
