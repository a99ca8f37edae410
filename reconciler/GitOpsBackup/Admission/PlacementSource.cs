namespace GitOpsBackup.Admission;

/// <summary>What tells us where a volume lives, strongest first.</summary>
public enum PlacementSource
{
    /// <summary>A VolumeAttachment with status.attached: the volume is on that node now.</summary>
    VolumeAttachment,

    /// <summary>A running pod mounts the claim: the volume follows that pod.</summary>
    Pod,

    /// <summary>The PV's required node affinity allows exactly one hostname (local volumes).</summary>
    NodeAffinity,

    /// <summary>Nothing ties the volume to a node.</summary>
    Anywhere,
}
