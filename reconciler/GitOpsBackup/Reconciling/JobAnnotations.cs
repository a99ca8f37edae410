namespace GitOpsBackup.Reconciling;

/// <summary>Annotations the reconciler writes on backup and clone Jobs; <c>status</c> reads them back.</summary>
internal static class JobAnnotations
{
    /// <summary>Why a Job waits (the admission's reason); removed when it is admitted.</summary>
    public const string Waiting = "backup.homelab.dev/waiting";

    /// <summary>The node it was admitted to and why that node ("node-2: pvc data attached (VolumeAttachment)").</summary>
    public const string Admitted = "backup.homelab.dev/admitted";

    /// <summary>"unplaceable" on a backup Job whose volumes are on different nodes; on a finished clone Job, its outcome once told ("partial (disk-full)").</summary>
    public const string Outcome = "backup.homelab.dev/outcome";
}
