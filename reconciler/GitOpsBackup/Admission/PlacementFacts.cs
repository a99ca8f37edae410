namespace GitOpsBackup.Admission;

/// <summary>
/// What admission needs to know to place a backup Job next to its volumes, read by the pass from
/// the watch cache. Plain values: admission is pure and tested with tables.
/// </summary>
public sealed record PlacementFacts
{
    public IReadOnlyList<ClaimFact> Claims { get; init; } = [];

    public IReadOnlyList<AttachmentFact> Attachments { get; init; } = [];

    /// <summary>Pods that are not backup pods (the apps' own pods), with the claims they mount.</summary>
    public IReadOnlyList<PodFact> Pods { get; init; } = [];

    public IReadOnlyList<VolumeFact> Volumes { get; init; } = [];

    public IReadOnlyList<NodeFact> Nodes { get; init; } = [];

    public static PlacementFacts Empty { get; } = new();
}

/// <summary>A PVC and the PV it is bound to (null while unbound).</summary>
public sealed record ClaimFact(string Namespace, string Name, string? VolumeName);

/// <summary>A VolumeAttachment: the PV it attaches, the node, and whether status.attached is true.</summary>
public sealed record AttachmentFact(string VolumeName, string Node, bool Attached);

/// <summary>A running (or pending, scheduled) pod of an app, its node, and the PVCs it mounts.</summary>
public sealed record PodFact(string Namespace, string Name, string? Node, bool Running, IReadOnlyList<string> Claims);

/// <summary>A PV and the hostnames its required node affinity allows (empty = no affinity).</summary>
public sealed record VolumeFact(string Name, IReadOnlyList<string> AffinityHostnames);

/// <summary>A node: Ready, and not cordoned.</summary>
public sealed record NodeFact(string Name, bool Ready, bool Unschedulable = false);
