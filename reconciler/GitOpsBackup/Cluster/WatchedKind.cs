namespace GitOpsBackup.Cluster;

/// <summary>
/// A resource the watch cache lists and watches cluster-wide: its REST coordinates ("" is the core
/// group, served under /api/v1 rather than /apis/group/version) and an optional label selector
/// applied on the server.
/// </summary>
internal sealed record WatchedKind(string Group, string Version, string Plural, string Kind, string? LabelSelector = null)
{
    /// <summary>Our own CronJobs: what apply creates and prune removes.</summary>
    public static WatchedKind CronJobs { get; } = new("batch", "v1", "cronjobs", "CronJob", OwnedSelector);

    /// <summary>Our own Jobs (from our CronJobs, and the clone Job): admission holds and releases them.</summary>
    public static WatchedKind Jobs { get; } = new("batch", "v1", "jobs", "Job", OwnedSelector);

    /// <summary>Every pod: admission needs the apps' pods that mount PVCs, and the nodes of backup pods.</summary>
    public static WatchedKind Pods { get; } = new("", "v1", "pods", "Pod");

    public static WatchedKind PersistentVolumeClaims { get; } = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim");

    public static WatchedKind PersistentVolumes { get; } = new("", "v1", "persistentvolumes", "PersistentVolume");

    public static WatchedKind VolumeAttachments { get; } = new("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment");

    public static WatchedKind Nodes { get; } = new("", "v1", "nodes", "Node");

    /// <summary>Everything the reconciler's run loop watches.</summary>
    public static IReadOnlyList<WatchedKind> Reconciler { get; } =
        [CronJobs, Jobs, Pods, PersistentVolumeClaims, PersistentVolumes, VolumeAttachments, Nodes];

    /// <summary>"v1" for the core group, else "group/version".</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>
    /// The cluster-wide collection, relative to the server URL (no leading slash, so a server URL with
    /// a path prefix, as behind Rancher's proxy, keeps it).
    /// </summary>
    public string CollectionPath => Group.Length == 0 ? $"api/{Version}/{Plural}" : $"apis/{Group}/{Version}/{Plural}";

    /// <summary>For messages: "jobs.batch (app.kubernetes.io/managed-by=gitops-backup)". Holds no secret.</summary>
    public override string ToString() =>
        (Group.Length == 0 ? Plural : $"{Plural}.{Group}") + (string.IsNullOrEmpty(LabelSelector) ? "" : $" ({LabelSelector})");

    private static string OwnedSelector => $"{Ownership.ManagedByLabel}={Ownership.ManagedByValue}";
}
