namespace GitOpsBackup.Admission;

/// <summary>The node of one claim's volume and the evidence for it; <see cref="Node"/> is null for <see cref="PlacementSource.Anywhere"/>.</summary>
public sealed record Placement(string? Node, PlacementSource Source)
{
    public static Placement Anywhere { get; } = new(null, PlacementSource.Anywhere);

    /// <summary>The pod that mounts the claim (<see cref="PlacementSource.Pod"/> only).</summary>
    public string? Pod { get; init; }

    /// <summary>The evidence as a reason shows it: "VolumeAttachment", "pod nextcloud-7d9f", "node affinity", "anywhere".</summary>
    public string Evidence => Source switch
    {
        PlacementSource.VolumeAttachment => "VolumeAttachment",
        PlacementSource.Pod => $"pod {Pod}",
        PlacementSource.NodeAffinity => "node affinity",
        _ => "anywhere",
    };

    /// <summary>A sentence about <paramref name="claim"/>: "pvc nextcloud-data is attached to node-2 (VolumeAttachment)".</summary>
    public string Describe(string claim) => Source switch
    {
        PlacementSource.VolumeAttachment => $"pvc {claim} is attached to {Node} (VolumeAttachment)",
        PlacementSource.Pod => $"pvc {claim} is mounted by pod {Pod} on {Node}",
        PlacementSource.NodeAffinity => $"pvc {claim} is bound to a volume that only {Node} may mount (node affinity)",
        _ => $"pvc {claim} can be mounted on any node",
    };
}
