namespace GitOpsBackup.Rendering;

/// <summary>
/// What the renderer needs to know about the target cluster. Read by the caller (I/O at the edge),
/// passed in as a value so rendering stays pure.
/// </summary>
/// <param name="KubernetesMinorVersion">The API server's 1.x minor version; null when unknown (assumed current).</param>
public sealed record ClusterFacts(int? KubernetesMinorVersion = null)
{
    /// <summary>Nothing known: render for a current Kubernetes.</summary>
    public static ClusterFacts Unknown { get; } = new();

    /// <summary>CronJob spec.timeZone is GA since Kubernetes 1.27.</summary>
    public bool SupportsCronJobTimeZone => KubernetesMinorVersion is null or >= 27;
}
