namespace GitOpsBackup.EmbeddedCluster.Protobuf;

/// <summary>
/// The field numbers (from k8s.io/api and apimachinery generated.proto) of the types kubectl's
/// typed clients send us: Namespace, batch/v1 Job and CronJob, down to containers and volumes.
/// What is not listed (probes, lifecycle, most volume sources, status) is skipped.
/// </summary>
internal static class KubernetesProto
{
    private static readonly ProtoMessage OwnerReference = new(
        "OwnerReference",
        S(5, "apiVersion"), S(1, "kind"), S(3, "name"), S(4, "uid"), B(6, "controller") with { Pointer = true }, B(7, "blockOwnerDeletion") with { Pointer = true });

    private static readonly ProtoMessage ObjectMeta = new(
        "ObjectMeta",
        S(1, "name"), S(2, "generateName"), S(3, "namespace"), S(5, "uid"), S(6, "resourceVersion"), I(7, "generation"),
        new ProtoField(8, "creationTimestamp", ProtoKind.Time), Map(11, "labels"), Map(12, "annotations"),
        M(13, "ownerReferences", OwnerReference) with { Repeated = true }, S(14, "finalizers") with { Repeated = true });

    private static readonly ProtoMessage LabelSelector = new(
        "LabelSelector",
        Map(1, "matchLabels"),
        M(2, "matchExpressions", new ProtoMessage("LabelSelectorRequirement", S(1, "key"), S(2, "operator"), S(3, "values") with { Repeated = true })) with { Repeated = true });

    private static readonly ProtoMessage LocalObjectReference = new("LocalObjectReference", S(1, "name"));

    private static readonly ProtoMessage KeyToPath = new("KeyToPath", S(1, "key"), S(2, "path"), I(3, "mode") with { Pointer = true });

    /// <summary>SecretKeySelector and ConfigMapKeySelector share their numbers.</summary>
    private static readonly ProtoMessage KeySelector = new(
        "KeySelector", Inline(1, LocalObjectReference), S(2, "key"), B(3, "optional") with { Pointer = true });

    /// <summary>SecretEnvSource and ConfigMapEnvSource share their numbers.</summary>
    private static readonly ProtoMessage EnvSource = new("EnvSource", Inline(1, LocalObjectReference), B(2, "optional") with { Pointer = true });

    private static readonly ProtoMessage EnvVar = new(
        "EnvVar",
        S(1, "name"), S(2, "value"),
        M(3, "valueFrom", new ProtoMessage(
            "EnvVarSource",
            M(1, "fieldRef", new ProtoMessage("ObjectFieldSelector", S(1, "apiVersion"), S(2, "fieldPath"))),
            M(3, "configMapKeyRef", KeySelector),
            M(4, "secretKeyRef", KeySelector))));

    private static readonly ProtoMessage EnvFromSource = new("EnvFromSource", S(1, "prefix"), M(2, "configMapRef", EnvSource), M(3, "secretRef", EnvSource));

    private static readonly ProtoMessage ResourceRequirements = new(
        "ResourceRequirements", Map(1, "limits") with { MapValue = ProtoKind.Quantity }, Map(2, "requests") with { MapValue = ProtoKind.Quantity });

    private static readonly ProtoMessage SeccompProfile = new("SeccompProfile", S(1, "type"), S(2, "localhostProfile") with { Pointer = true });

    private static readonly ProtoMessage SecurityContext = new(
        "SecurityContext",
        M(1, "capabilities", new ProtoMessage("Capabilities", S(1, "add") with { Repeated = true }, S(2, "drop") with { Repeated = true })),
        B(2, "privileged") with { Pointer = true }, I(4, "runAsUser") with { Pointer = true }, B(5, "runAsNonRoot") with { Pointer = true },
        B(6, "readOnlyRootFilesystem") with { Pointer = true }, B(7, "allowPrivilegeEscalation") with { Pointer = true },
        I(8, "runAsGroup") with { Pointer = true }, M(11, "seccompProfile", SeccompProfile));

    private static readonly ProtoMessage PodSecurityContext = new(
        "PodSecurityContext",
        I(2, "runAsUser") with { Pointer = true }, B(3, "runAsNonRoot") with { Pointer = true }, I(4, "supplementalGroups") with { Repeated = true },
        I(5, "fsGroup") with { Pointer = true }, I(6, "runAsGroup") with { Pointer = true }, S(9, "fsGroupChangePolicy") with { Pointer = true },
        M(10, "seccompProfile", SeccompProfile));

    private static readonly ProtoMessage Container = new(
        "Container",
        S(1, "name"), S(2, "image"), S(3, "command") with { Repeated = true }, S(4, "args") with { Repeated = true }, S(5, "workingDir"),
        M(6, "ports", new ProtoMessage("ContainerPort", S(1, "name"), I(2, "hostPort"), I(3, "containerPort"), S(4, "protocol"), S(5, "hostIP"))) with { Repeated = true },
        M(7, "env", EnvVar) with { Repeated = true }, Value(8, "resources", ResourceRequirements),
        M(9, "volumeMounts", new ProtoMessage("VolumeMount", S(1, "name"), B(2, "readOnly"), S(3, "mountPath"), S(4, "subPath"), S(6, "subPathExpr"))) with { Repeated = true },
        S(13, "terminationMessagePath"), S(14, "imagePullPolicy"), M(15, "securityContext", SecurityContext),
        B(16, "stdin"), B(17, "stdinOnce"), B(18, "tty"), M(19, "envFrom", EnvFromSource) with { Repeated = true }, S(20, "terminationMessagePolicy"));

    private static readonly ProtoMessage VolumeSource = new(
        "VolumeSource",
        M(1, "hostPath", new ProtoMessage("HostPathVolumeSource", S(1, "path"), S(2, "type") with { Pointer = true })),
        M(2, "emptyDir", new ProtoMessage("EmptyDirVolumeSource", S(1, "medium"), new ProtoField(2, "sizeLimit", ProtoKind.Quantity))),
        M(6, "secret", new ProtoMessage(
            "SecretVolumeSource",
            S(1, "secretName"), M(2, "items", KeyToPath) with { Repeated = true }, I(3, "defaultMode") with { Pointer = true }, B(4, "optional") with { Pointer = true })),
        M(7, "nfs", new ProtoMessage("NFSVolumeSource", S(1, "server"), S(2, "path"), B(3, "readOnly"))),
        M(10, "persistentVolumeClaim", new ProtoMessage("PersistentVolumeClaimVolumeSource", S(1, "claimName"), B(2, "readOnly"))),
        M(19, "configMap", new ProtoMessage(
            "ConfigMapVolumeSource",
            Inline(1, LocalObjectReference), M(2, "items", KeyToPath) with { Repeated = true }, I(3, "defaultMode") with { Pointer = true }, B(4, "optional") with { Pointer = true })));

    private static readonly ProtoMessage Toleration = new(
        "Toleration", S(1, "key"), S(2, "operator"), S(3, "value"), S(4, "effect"), I(5, "tolerationSeconds") with { Pointer = true });

    private static readonly ProtoMessage NodeSelectorTerm = new(
        "NodeSelectorTerm",
        M(1, "matchExpressions", new ProtoMessage("NodeSelectorRequirement", S(1, "key"), S(2, "operator"), S(3, "values") with { Repeated = true })) with { Repeated = true },
        M(2, "matchFields", new ProtoMessage("NodeSelectorRequirement", S(1, "key"), S(2, "operator"), S(3, "values") with { Repeated = true })) with { Repeated = true });

    private static readonly ProtoMessage PodAffinityTerm = new(
        "PodAffinityTerm", M(1, "labelSelector", LabelSelector), S(2, "namespaces") with { Repeated = true }, S(3, "topologyKey"), M(4, "namespaceSelector", LabelSelector));

    private static readonly ProtoMessage PodAffinity = new(
        "PodAffinity",
        M(1, "requiredDuringSchedulingIgnoredDuringExecution", PodAffinityTerm) with { Repeated = true },
        M(2, "preferredDuringSchedulingIgnoredDuringExecution", new ProtoMessage("WeightedPodAffinityTerm", I(1, "weight"), Value(2, "podAffinityTerm", PodAffinityTerm))) with { Repeated = true });

    private static readonly ProtoMessage Affinity = new(
        "Affinity",
        M(1, "nodeAffinity", new ProtoMessage(
            "NodeAffinity",
            M(1, "requiredDuringSchedulingIgnoredDuringExecution", new ProtoMessage("NodeSelector", M(1, "nodeSelectorTerms", NodeSelectorTerm) with { Repeated = true })),
            M(2, "preferredDuringSchedulingIgnoredDuringExecution", new ProtoMessage("PreferredSchedulingTerm", I(1, "weight"), Value(2, "preference", NodeSelectorTerm))) with { Repeated = true })),
        M(2, "podAffinity", PodAffinity),
        M(3, "podAntiAffinity", PodAffinity));

    private static readonly ProtoMessage PodSpec = new(
        "PodSpec",
        M(1, "volumes", new ProtoMessage("Volume", S(1, "name"), Inline(2, VolumeSource))) with { Repeated = true },
        M(2, "containers", Container) with { Repeated = true },
        S(3, "restartPolicy"), I(4, "terminationGracePeriodSeconds") with { Pointer = true }, I(5, "activeDeadlineSeconds") with { Pointer = true },
        S(6, "dnsPolicy"), Map(7, "nodeSelector"), S(8, "serviceAccountName"), S(9, "serviceAccount"), S(10, "nodeName"), B(11, "hostNetwork"),
        M(14, "securityContext", PodSecurityContext), M(15, "imagePullSecrets", LocalObjectReference) with { Repeated = true },
        S(16, "hostname"), S(17, "subdomain"), M(18, "affinity", Affinity), S(19, "schedulerName"), M(20, "initContainers", Container) with { Repeated = true },
        B(21, "automountServiceAccountToken") with { Pointer = true }, M(22, "tolerations", Toleration) with { Repeated = true },
        S(24, "priorityClassName"), I(25, "priority") with { Pointer = true }, B(30, "enableServiceLinks") with { Pointer = true });

    private static readonly ProtoMessage PodTemplateSpec = new("PodTemplateSpec", Value(1, "metadata", ObjectMeta), Value(2, "spec", PodSpec));

    private static readonly ProtoMessage JobSpec = new(
        "JobSpec",
        I(1, "parallelism") with { Pointer = true }, I(2, "completions") with { Pointer = true }, I(3, "activeDeadlineSeconds") with { Pointer = true },
        M(4, "selector", LabelSelector), B(5, "manualSelector") with { Pointer = true }, Value(6, "template", PodTemplateSpec),
        I(7, "backoffLimit") with { Pointer = true }, I(8, "ttlSecondsAfterFinished") with { Pointer = true },
        S(9, "completionMode") with { Pointer = true }, B(10, "suspend") with { Pointer = true },
        I(12, "backoffLimitPerIndex") with { Pointer = true }, I(13, "maxFailedIndexes") with { Pointer = true },
        S(14, "podReplacementPolicy") with { Pointer = true }, S(15, "managedBy") with { Pointer = true });

    private static readonly ProtoMessage CronJobSpec = new(
        "CronJobSpec",
        S(1, "schedule"), S(8, "timeZone") with { Pointer = true }, I(2, "startingDeadlineSeconds") with { Pointer = true },
        S(3, "concurrencyPolicy"), B(4, "suspend") with { Pointer = true },
        Value(5, "jobTemplate", new ProtoMessage("JobTemplateSpec", Value(1, "metadata", ObjectMeta), Value(2, "spec", JobSpec))),
        I(6, "successfulJobsHistoryLimit") with { Pointer = true }, I(7, "failedJobsHistoryLimit") with { Pointer = true });

    /// <summary>v1 Namespace: metadata and spec.finalizers.</summary>
    public static readonly ProtoMessage Namespace = new(
        "Namespace", Value(1, "metadata", ObjectMeta), Value(2, "spec", new ProtoMessage("NamespaceSpec", S(1, "finalizers") with { Repeated = true })));

    /// <summary>batch/v1 Job: metadata and spec (status is never sent on create).</summary>
    public static readonly ProtoMessage Job = new("Job", Value(1, "metadata", ObjectMeta), Value(2, "spec", JobSpec));

    /// <summary>batch/v1 CronJob: metadata and spec.</summary>
    public static readonly ProtoMessage CronJob = new("CronJob", Value(1, "metadata", ObjectMeta), Value(2, "spec", CronJobSpec));

    private static ProtoField S(int number, string json) => new(number, json, ProtoKind.String);

    private static ProtoField I(int number, string json) => new(number, json, ProtoKind.Int);

    private static ProtoField B(int number, string json) => new(number, json, ProtoKind.Bool);

    private static ProtoField Map(int number, string json) => new(number, json, ProtoKind.Map);

    /// <summary>A Go pointer to a struct: kept even when empty (<c>emptyDir: {}</c>).</summary>
    private static ProtoField M(int number, string json, ProtoMessage message) => new(number, json, ProtoKind.Message) { Message = message, Pointer = true };

    /// <summary>A Go struct value: always sent, dropped when empty.</summary>
    private static ProtoField Value(int number, string json, ProtoMessage message) => new(number, json, ProtoKind.Message) { Message = message };

    private static ProtoField Inline(int number, ProtoMessage message) => new(number, "", ProtoKind.Message) { Message = message, Inline = true };
}
