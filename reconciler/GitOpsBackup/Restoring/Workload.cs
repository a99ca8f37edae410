namespace GitOpsBackup.Restoring;

/// <summary>A Deployment or StatefulSet whose pods mount a PVC, and its replicas now.</summary>
internal sealed record Workload(string Kind, string Name, int Replicas)
{
    public override string ToString() => $"{Kind.ToLowerInvariant()}/{Name}";
}
