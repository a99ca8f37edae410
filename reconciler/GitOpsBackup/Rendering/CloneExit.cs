namespace GitOpsBackup.Rendering;

/// <summary>clone.sh's exit codes beyond 0 (success) and 1 (failed).</summary>
public static class CloneExit
{
    /// <summary>The disk filled up during the copy: what was copied is on the disk, the rest is not.</summary>
    public const int Partial = 3;

    /// <summary>Not the expected disk (marker, UUID), not a mount point, the root filesystem, or too little free space: nothing was written.</summary>
    public const int Refused = 5;
}
