using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// What every pod that reads an app's restic repository needs (drill, restore, snapshot listing):
/// the password and CA files from their Secrets, scratch for restic's cache, HOME and TMPDIR, and
/// the repository URL and S3 keys in the environment, exactly as the backup pod has them.
/// </summary>
internal static class ResticPodParts
{
    public static void Add(AppSettings app, List<V1Volume> volumes, List<V1VolumeMount> mounts, List<V1EnvVar> env, bool rclone = false)
    {
        var defaults = app.Defaults;
        AddVolumes(defaults, volumes, mounts);
        env.Add(PodParts.Value(BackupEnv.App, app.App.Name));
        env.Add(PodParts.Value(BackupEnv.Host, app.ResticHost));
        env.Add(PodParts.Value(BackupEnv.BackupBucket, app.App.BackupBucket));
        env.Add(PodParts.Value(BackupEnv.ResticRepository, CronJobRenderer.ResticRepository(defaults.S3Endpoint, app.App.BackupBucket)));
        env.Add(PodParts.Value(BackupEnv.ResticPasswordFile, PodPaths.ResticPasswordFile));
        env.Add(PodParts.Value(BackupEnv.ResticCacheDir, PodPaths.Cache + "/restic"));
        env.AddRange(PodParts.S3Env(defaults, restic: true).Where(e => rclone || !e.Name.StartsWith("RCLONE_", StringComparison.Ordinal)));
        env.Add(PodParts.Value(BackupEnv.Home, PodPaths.Home));
        env.Add(PodParts.Value(BackupEnv.TmpDir, PodPaths.Tmp));
    }

    /// <summary>The restic password, the optional S3 CA bundle, and writable cache, home and tmp: what every restic pod mounts.</summary>
    public static void AddVolumes(BackupDefaults defaults, List<V1Volume> volumes, List<V1VolumeMount> mounts)
    {
        volumes.Add(PodParts.SecretFile("restic-password", defaults.ResticPassword, "password"));
        mounts.Add(PodParts.Mount("restic-password", PodPaths.ResticSecretDir, readOnly: true));
        if (defaults.S3CaBundle is not null)
        {
            volumes.Add(PodParts.SecretFile("s3-ca", defaults.S3CaBundle, "ca.crt"));
            mounts.Add(PodParts.Mount("s3-ca", PodPaths.CaDir, readOnly: true));
        }

        foreach (var (name, path) in new[] { ("cache", PodPaths.Cache), ("home", PodPaths.Home), ("tmp", PodPaths.Tmp) })
        {
            volumes.Add(PodParts.EmptyDir(name));
            mounts.Add(PodParts.Mount(name, path, readOnly: false));
        }
    }

    /// <summary>A one-container pod running <paramref name="script"/> under the restricted profile.</summary>
    public static V1PodSpec Pod(AppSettings app, string container, string script, PodSecurity? security, List<V1Volume> volumes, List<V1VolumeMount> mounts, List<V1EnvVar> env) => new()
    {
        RestartPolicy = "Never",
        AutomountServiceAccountToken = false,
        EnableServiceLinks = false,
        SecurityContext = PodSecurityRenderer.Pod(security),
        Containers =
        [
            new V1Container
            {
                Name = container,
                Image = app.Defaults.BackupImage,
                Command = ["/bin/sh", "-c", script],
                Env = env,
                Resources = PodParts.Resources(app.Resources),
                SecurityContext = PodSecurityRenderer.Container(security),
                VolumeMounts = mounts,
            },
        ],
        Volumes = volumes,
    };

    /// <summary>
    /// Restore-side pods never need root: they read the repository and write to a volume they own.
    /// The app's uid/gid are kept (restored files then belong to the app); readAllFiles is dropped;
    /// fsGroup makes a fresh volume (owned by root) writable for the pod's group.
    /// </summary>
    public static PodSecurity Restricted(PodSecurity? security)
    {
        var user = security?.RunAsUser ?? PodSecurityRenderer.DefaultUser;
        var group = security?.RunAsGroup ?? user;
        return new PodSecurity(user, group, security?.FsGroup ?? group, ReadAllFiles: false);
    }

    public static Dictionary<string, string> Labels(string app, string component) => new(StringComparer.Ordinal)
    {
        [Ownership.ManagedByLabel] = Ownership.ManagedByValue,
        [Ownership.AppLabel] = app,
        [RenderedLabels.Component] = component,
    };
}
