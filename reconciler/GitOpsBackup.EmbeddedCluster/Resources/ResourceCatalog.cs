namespace GitOpsBackup.EmbeddedCluster.Resources;

/// <summary>The subset of the Kubernetes API the embedded cluster serves.</summary>
internal static class ResourceCatalog
{
    private static readonly string[] None = [];
    private static readonly string[] All = ["all"];

    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "Namespace", "namespace", false, true, ["ns"], None);
    public static readonly ResourceType Pods = new("", "v1", "pods", "Pod", "pod", true, true, ["po"], All);
    public static readonly ResourceType Events = new("", "v1", "events", "Event", "event", true, false, ["ev"], None);
    public static readonly ResourceType PersistentVolumeClaims = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", "persistentvolumeclaim", true, true, ["pvc"], None);
    public static readonly ResourceType PersistentVolumes = new("", "v1", "persistentvolumes", "PersistentVolume", "persistentvolume", false, true, ["pv"], None);
    public static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", "secret", true, false, None, None);
    public static readonly ResourceType Nodes = new("", "v1", "nodes", "Node", "node", false, true, ["no"], None);
    public static readonly ResourceType CronJobs = new("batch", "v1", "cronjobs", "CronJob", "cronjob", true, true, ["cj"], All);
    public static readonly ResourceType Jobs = new("batch", "v1", "jobs", "Job", "job", true, true, None, All);
    public static readonly ResourceType VolumeAttachments = new("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", "volumeattachment", false, true, None, None);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", "lease", true, false, None, None);
    public static readonly ResourceType EventsV1 = new("events.k8s.io", "v1", "events", "Event", "event", true, false, ["ev"], None);
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment", "deployment", true, true, ["deploy"], All);
    public static readonly ResourceType StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet", "statefulset", true, true, ["sts"], All);

    public static IReadOnlyList<ResourceType> Types { get; } =
    [
        Namespaces, Pods, Events, PersistentVolumeClaims, PersistentVolumes, Secrets, Nodes,
        CronJobs, Jobs, VolumeAttachments, Leases, EventsV1, Deployments, StatefulSets,
    ];

    /// <summary>Groups in the order discovery lists them; the core group ("") is served under /api.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["apps", "batch", "storage.k8s.io", "coordination.k8s.io", "events.k8s.io"];

    /// <summary>Types with a <c>scale</c> subresource (an autoscaling/v1 Scale over spec.replicas).</summary>
    public static bool Scalable(ResourceType type) => type == Deployments || type == StatefulSets;

    public static ResourceType? Find(string group, string version, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public static ResourceType? FindByKind(string apiVersion, string kind) =>
        Types.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    public static IEnumerable<ResourceType> InGroupVersion(string group, string version) =>
        Types.Where(t => t.Group == group && t.Version == version);
}
