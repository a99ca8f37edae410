using GitOpsBackup.Tests.Fixtures;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// Runs a rendered pod's container outside Kubernetes, as the kubelet would set it up: each
/// volume becomes a temp folder (a PVC → the test's folder, an emptyDir → an empty world-writable
/// folder, a Secret → files written from the test's Secret values), each mount path in the env is
/// mapped onto its folder, and secretKeyRef env is resolved from the same Secret values. The
/// script is the container's own <c>command</c>: the very text the pod runs.
/// </summary>
internal sealed class PodSandbox : IDisposable
{
    private readonly V1Container _container;
    private readonly Dictionary<string, string> _mounts = new(StringComparer.Ordinal);

    public PodSandbox(V1PodSpec pod, IReadOnlyDictionary<(string Secret, string Key), string> secrets, IReadOnlyDictionary<string, string> claims)
    {
        _container = pod.Containers.Single();
        Root = Path.Combine(Path.GetTempPath(), "gob-pod-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        UnixFiles.SetMode(Root, 755);

        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in pod.Volumes)
        {
            folders[volume.Name] = volume switch
            {
                { PersistentVolumeClaim: { } pvc } => claims[pvc.ClaimName],
                { EmptyDir: not null } => NewFolder(volume.Name, 777),
                { Secret: { } secret } => SecretFolder(volume.Name, secret, secrets),
                { HostPath: { } host } => host.Path,
                _ => throw new NotSupportedException($"volume {volume.Name} cannot run outside Kubernetes"),
            };
        }

        foreach (var mount in _container.VolumeMounts)
        {
            _mounts[mount.MountPath] = folders[mount.Name];
        }

        Environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in _container.Env)
        {
            if (env.ValueFrom?.SecretKeyRef is { } reference)
            {
                Environment[env.Name] = secrets[(reference.Name, reference.Key)];
            }
            else
            {
                Environment[env.Name] = MapPaths(env.Value ?? "");
            }
        }
    }

    public string Root { get; }

    /// <summary>The container's environment with paths mapped and Secret references resolved.</summary>
    public Dictionary<string, string> Environment { get; }

    /// <summary>The script the container runs: command is exactly [/bin/sh, -c, script].</summary>
    public string Script
    {
        get
        {
            Assert.Equal(["/bin/sh", "-c"], _container.Command.Take(2));
            Assert.Equal(3, _container.Command.Count);
            Assert.Null(_container.Args);
            return _container.Command[2];
        }
    }

    /// <summary>Where a path inside the container is on this machine.</summary>
    public string HostPath(string containerPath) => MapPaths(containerPath);

    /// <summary>Runs the container's script with /bin/sh, as the pod's non-root user when the test runs as root.</summary>
    public Task<ProcessResult> RunAsync(bool asNobody = true) =>
        ProcessRunner.RunAsync("/bin/sh", ["-c", Script], Environment, TimeSpan.FromMinutes(5), asNobody);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; never fail a test on cleanup.
        }
    }

    // Rewrites every token that is a container path (alone or as the value of name=path) to the host folder.
    private string MapPaths(string value) => string.Join(' ', value.Split(' ').Select(token =>
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        var (prefix, path) = equals >= 0 && token.Length > equals + 1 && token[equals + 1] == '/'
            ? (token[..(equals + 1)], token[(equals + 1)..])
            : ("", token);
        foreach (var (mountPath, folder) in _mounts.OrderByDescending(m => m.Key.Length))
        {
            if (path == mountPath || path.StartsWith(mountPath + "/", StringComparison.Ordinal))
            {
                return prefix + folder + path[mountPath.Length..];
            }
        }

        return token;
    }));

    private string NewFolder(string name, int mode)
    {
        var folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        UnixFiles.SetMode(folder, mode);
        return folder;
    }

    private string SecretFolder(string name, V1SecretVolumeSource source, IReadOnlyDictionary<(string Secret, string Key), string> secrets)
    {
        var folder = NewFolder(name, 755);
        foreach (var item in source.Items)
        {
            var file = Path.Combine(folder, item.Path);
            File.WriteAllText(file, secrets[(source.SecretName, item.Key)]);
            UnixFiles.SetMode(file, int.Parse(Convert.ToString(source.DefaultMode ?? 420, 8), System.Globalization.CultureInfo.InvariantCulture));
        }

        return folder;
    }
}
