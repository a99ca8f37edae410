using System.Globalization;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// The external-clone Job from the repo-wide ExternalClone spec: on the disk's node, copies each
/// selected backup bucket onto the disk with rclone. Device mode needs a privileged container to
/// mount the disk for the run only; that privilege can only come from this repo-wide spec.
/// </summary>
internal static class CloneJobRenderer
{
    public const int BackoffLimit = 1;

    /// <summary>The clone pod's only container; the reconciler reads its exit code and termination message.</summary>
    public const string Container = "clone";
    public const long ActiveDeadlineSeconds = 12 * 3600;

    /// <summary>Kept a week: longer than a cycle, so its deterministic name still blocks a second run the same night.</summary>
    public const int TtlSecondsAfterFinished = 7 * 24 * 3600;

    public static CloneJobTemplate Render(ExternalClone clone, BackupDefaults defaults, IReadOnlyList<string> buckets, string revision)
    {
        var job = new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = "external-clone",
                NamespaceProperty = clone.Namespace,
                Labels = Labels(),
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = BackoffLimit,
                PodFailurePolicy = NoRetryWhenTheDiskSaysNo(),
                ActiveDeadlineSeconds = ActiveDeadlineSeconds,
                TtlSecondsAfterFinished = TtlSecondsAfterFinished,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels() },
                    Spec = Pod(clone, defaults, buckets),
                },
            },
        };
        ObjectStamp.Apply(job, "ExternalClone", clone.Location.File, revision);
        return new CloneJobTemplate(job);
    }

    // A full disk (clone.sh exit 3) or a refused disk (exit 5) is the same on a second try: fail at once.
    private static V1PodFailurePolicy NoRetryWhenTheDiskSaysNo() => new()
    {
        Rules =
        [
            new V1PodFailurePolicyRule
            {
                Action = "FailJob",
                OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { ContainerName = Container, OperatorProperty = "In", Values = [CloneExit.Partial, CloneExit.Refused] },
            },
        ],
    };

    /// <summary>Backup buckets of apps that take part, plus the extra buckets: sorted, each once.</summary>
    public static IReadOnlyList<string> SelectBuckets(ExternalClone clone, IEnumerable<HomelabBackup> apps)
    {
        var fromApps = clone.IncludeAppBuckets
            ? apps.Where(a => a.ExternalClone).Select(a => a.BackupBucket)
            : [];
        return fromApps.Concat(clone.ExtraBuckets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, string> Labels() => new(StringComparer.Ordinal)
    {
        [Ownership.ManagedByLabel] = Ownership.ManagedByValue,
        [RenderedLabels.Component] = RenderedLabels.CloneComponent,
    };

    private static V1PodSpec Pod(ExternalClone clone, BackupDefaults defaults, IReadOnlyList<string> buckets)
    {
        var device = clone.Mode == CloneMode.Device;
        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        if (device)
        {
            volumes.Add(new V1Volume
            {
                Name = "disk-device",
                HostPath = new V1HostPathVolumeSource { Path = clone.DevicePath!, Type = "BlockDevice" },
            });
            mounts.Add(PodParts.Mount("disk-device", PodPaths.CloneDevice, readOnly: false));
            volumes.Add(PodParts.EmptyDir("disk"));
        }
        else
        {
            volumes.Add(new V1Volume
            {
                Name = "disk",
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = clone.ClaimName! },
            });
        }

        mounts.Add(PodParts.Mount("disk", PodPaths.CloneMount, readOnly: false));
        if (defaults.S3CaBundle is not null)
        {
            volumes.Add(PodParts.SecretFile("s3-ca", defaults.S3CaBundle, "ca.crt"));
            mounts.Add(PodParts.Mount("s3-ca", PodPaths.CaDir, readOnly: true));
        }

        foreach (var (name, path) in new[] { ("home", PodPaths.Home), ("tmp", PodPaths.Tmp) })
        {
            volumes.Add(PodParts.EmptyDir(name));
            mounts.Add(PodParts.Mount(name, path, readOnly: false));
        }

        var env = new List<V1EnvVar>
        {
            PodParts.Value(BackupEnv.CloneMode, device ? "device" : "volume"),
        };
        if (device)
        {
            env.Add(PodParts.Value(BackupEnv.CloneDevice, PodPaths.CloneDevice));
            env.Add(PodParts.Value(BackupEnv.CloneFsType, clone.FsType!)); // device mode: the schema defaults it
            if (clone.DiskUuid is not null)
            {
                env.Add(PodParts.Value(BackupEnv.CloneDiskUuid, clone.DiskUuid));
            }
        }

        env.Add(PodParts.Value(BackupEnv.CloneRoot, device ? PodPaths.CloneDeviceMountPoint : PodPaths.CloneMount));
        env.Add(PodParts.Value(BackupEnv.CloneDiskId, clone.DiskId));
        env.Add(PodParts.Value(BackupEnv.CloneTargetPath, clone.TargetPath));
        env.Add(PodParts.Value(BackupEnv.CloneBuckets, string.Join(' ', buckets)));
        env.Add(PodParts.Value(BackupEnv.CloneSync, clone.Sync ? "true" : "false"));
        env.Add(PodParts.Value(BackupEnv.CloneMaxDelete, clone.MaxDelete.ToString(CultureInfo.InvariantCulture)));
        env.Add(PodParts.Value(BackupEnv.CloneVerify, clone.Verify == CloneVerify.Size ? "size" : "hash"));
        env.AddRange(PodParts.S3Env(defaults, restic: false));
        env.Add(PodParts.Value(BackupEnv.Home, PodPaths.Home));
        env.Add(PodParts.Value(BackupEnv.TmpDir, PodPaths.Tmp));

        return new V1PodSpec
        {
            RestartPolicy = "Never",
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            // The scheduler still checks taints and resources; the hostname label pins the disk's node.
            NodeSelector = new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/hostname"] = clone.NodeName },
            SecurityContext = device ? DevicePodSecurity() : VolumePodSecurity(),
            Containers =
            [
                new V1Container
                {
                    Name = Container,
                    Image = defaults.CloneImage,
                    Command = ["/bin/sh", "-c", ScriptResources.Clone],
                    Env = env,
                    Resources = PodParts.Resources(defaults.Resources),
                    SecurityContext = device ? DeviceContainerSecurity() : PodSecurityRenderer.Container(null),
                    VolumeMounts = mounts,
                },
            ],
            Volumes = volumes,
        };
    }

    // Volume mode: restricted; the disk's PV is made writable for the pod's group once (OnRootMismatch).
    private static V1PodSecurityContext VolumePodSecurity()
    {
        var context = PodSecurityRenderer.Pod(null);
        context.FsGroup = PodSecurityRenderer.DefaultUser;
        context.FsGroupChangePolicy = "OnRootMismatch";
        return context;
    }

    // Device mode: mount(8) needs CAP_SYS_ADMIN on a device node; only a privileged container has both.
    private static V1PodSecurityContext DevicePodSecurity() => new()
    {
        RunAsUser = 0,
        RunAsGroup = 0,
        RunAsNonRoot = false,
    };

    private static V1SecurityContext DeviceContainerSecurity() => new()
    {
        Privileged = true,
        ReadOnlyRootFilesystem = true,
    };
}
