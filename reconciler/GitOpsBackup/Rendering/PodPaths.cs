namespace GitOpsBackup.Rendering;

/// <summary>Where things are mounted inside the backup and clone pods. The root filesystem is read-only.</summary>
internal static class PodPaths
{
    /// <summary>PVCs are mounted read-only at /data/&lt;claim name&gt;.</summary>
    public const string DataRoot = "/data";
    public const string Cache = "/cache";
    public const string Home = "/home/gitops-backup";
    public const string Tmp = "/tmp";
    public const string ResticSecretDir = "/etc/gitops-backup/restic";
    public const string ResticPasswordFile = ResticSecretDir + "/password";
    public const string CaDir = "/etc/gitops-backup/ca";
    public const string CaFile = CaDir + "/ca.crt";

    /// <summary>The drill's scratch emptyDir, where snapshots are restored to be measured.</summary>
    public const string Scratch = "/scratch";

    /// <summary>Restore: the target PVC, mounted read-write.</summary>
    public const string RestoreTarget = "/restore";

    /// <summary>Clone: the emptyDir holding the mount point (device mode) or the PVC (volume mode).</summary>
    public const string CloneMount = "/mnt/external";

    /// <summary>Device mode mounts the disk on this folder inside the emptyDir, so unmount leaves the emptyDir intact.</summary>
    public const string CloneDeviceMountPoint = CloneMount + "/disk";
    public const string CloneDevice = "/dev/external-disk";
}
