namespace GitOpsBackup.Restoring;

/// <summary>What the cluster says about the volume to restore and the target, read before planning.</summary>
internal sealed record VolumeFacts
{
    /// <summary>The source PVC's requested size (e.g. 50Gi), when it could be read.</summary>
    public string? Capacity { get; init; }

    public string? StorageClass { get; init; }

    /// <summary>Running or pending pods that mount the PVC.</summary>
    public IReadOnlyList<string> MountedBy { get; init; } = [];

    /// <summary>Deployments and StatefulSets whose pod template mounts the PVC.</summary>
    public IReadOnlyList<Workload> Workloads { get; init; } = [];

    /// <summary>Whether the new PVC's name is already taken.</summary>
    public bool TargetExists { get; init; }

    /// <summary>The facts of a cluster that was not asked (a dry run offline).</summary>
    public static VolumeFacts Unknown { get; } = new();
}
