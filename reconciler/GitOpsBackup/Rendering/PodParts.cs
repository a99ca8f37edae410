using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>Pieces shared by the backup and clone pods: env entries, S3 access, scratch space, resources.</summary>
internal static class PodParts
{
    public static V1EnvVar Value(string name, string value) => new() { Name = name, Value = value };

    public static V1EnvVar FromSecret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };

    /// <summary>
    /// S3 access for restic (AWS_*) and for rclone's env-only remote "s3". Keys come from the
    /// credentials Secret by reference; the CA bundle, when set, is a file from its Secret.
    /// </summary>
    public static IEnumerable<V1EnvVar> S3Env(BackupDefaults defaults, bool restic)
    {
        var creds = defaults.S3Credentials;
        if (restic)
        {
            yield return FromSecret(BackupEnv.AwsAccessKeyId, creds.SecretName, creds.AccessKeyIdKey);
            yield return FromSecret(BackupEnv.AwsSecretAccessKey, creds.SecretName, creds.SecretAccessKeyKey);
            yield return Value(BackupEnv.AwsRegion, defaults.S3Region);
        }

        yield return Value(BackupEnv.RcloneRemotePrefix + "TYPE", "s3");
        yield return Value(BackupEnv.RcloneRemotePrefix + "PROVIDER", "Other");
        yield return Value(BackupEnv.RcloneRemotePrefix + "ENDPOINT", defaults.S3Endpoint);
        yield return Value(BackupEnv.RcloneRemotePrefix + "REGION", defaults.S3Region);
        yield return FromSecret(BackupEnv.RcloneAccessKeyId, creds.SecretName, creds.AccessKeyIdKey);
        yield return FromSecret(BackupEnv.RcloneSecretAccessKey, creds.SecretName, creds.SecretAccessKeyKey);
        if (defaults.S3CaBundle is not null)
        {
            if (restic)
            {
                yield return Value(BackupEnv.ResticCacert, PodPaths.CaFile);
            }

            yield return Value(BackupEnv.RcloneCaCert, PodPaths.CaFile);
        }
    }

    public static V1Volume EmptyDir(string name) => new() { Name = name, EmptyDir = new V1EmptyDirVolumeSource() };

    /// <summary>Files of a Secret key, readable by the pod's non-root user (0444), never by a path on the node.</summary>
    public static V1Volume SecretFile(string volume, SecretKeyRef secret, string fileName) => new()
    {
        Name = volume,
        Secret = new V1SecretVolumeSource
        {
            SecretName = secret.SecretName,
            Items = [new V1KeyToPath { Key = secret.Key, Path = fileName }],
            DefaultMode = 292,
        },
    };

    public static V1VolumeMount Mount(string volume, string path, bool readOnly) =>
        new() { Name = volume, MountPath = path, ReadOnlyProperty = readOnly ? true : null };

    /// <summary>
    /// Requests and limits with only the entries given, in a fixed order. Each quantity passes our own
    /// bounded parser first (the spec checks already ran it; a SpecSet built in code may not have): what
    /// it refuses, KubernetesClient would overflow, clamp or hang on. Refused: <see cref="FormatException"/>.
    /// </summary>
    public static V1ResourceRequirements Resources(ComputeResources resources)
    {
        static ResourceQuantity Quantity(string name, string text) => Quantities.Error(text) is { } error
            ? throw new FormatException($"resource quantity {name} '{text}' {error}")
            : new ResourceQuantity(text);

        static Dictionary<string, ResourceQuantity>? Pair(string? cpu, string? memory)
        {
            var pair = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
            if (cpu is not null)
            {
                pair["cpu"] = Quantity("cpu", cpu);
            }

            if (memory is not null)
            {
                pair["memory"] = Quantity("memory", memory);
            }

            return pair.Count == 0 ? null : pair;
        }

        return new V1ResourceRequirements
        {
            Requests = Pair(resources.RequestsCpu, resources.RequestsMemory),
            Limits = Pair(resources.LimitsCpu, resources.LimitsMemory),
        };
    }
}
