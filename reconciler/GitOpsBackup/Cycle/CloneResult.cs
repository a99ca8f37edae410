namespace GitOpsBackup.Cycle;

/// <summary>How a finished external clone ended, from clone.sh's exit code (<see cref="Rendering.CloneExit"/>).</summary>
public enum CloneResult
{
    /// <summary>Exit 0: every bucket copied and checked.</summary>
    Ok,

    /// <summary>Exit 3: the disk filled up; the buckets copied before are complete, the rest are not on the disk.</summary>
    Partial,

    /// <summary>Exit 5: not the expected disk, not mounted, the root filesystem, or too little room; nothing was written.</summary>
    Refused,

    /// <summary>Any other exit, or past its deadline.</summary>
    Failed,
}
