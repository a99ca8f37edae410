using GitOpsBackup.ExternalDisk;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A real, small filesystem mounted on a temp folder for the external-disk tests: a tmpfs with a
/// size (and optionally an inode) limit, or a bind mount. Mounting needs root (CAP_SYS_ADMIN);
/// elsewhere <see cref="MountAsync"/> returns the reason and the test says SKIPPED.
/// </summary>
public sealed class TestDisk : IAsyncDisposable
{
    private TestDisk(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>A tmpfs of <paramref name="size"/> (e.g. 4m), world-writable like a disk prepared for the clone pod's user.</summary>
    public static Task<(TestDisk? Disk, string? Skip)> TmpfsAsync(string size, int? inodes = null) =>
        MountAsync(["-t", "tmpfs", "-o", $"size={size},mode=0777" + (inodes is { } n ? $",nr_inodes={n}" : ""), "tmpfs"]);

    /// <summary>The filesystem on <paramref name="device"/> (e.g. a <see cref="LoopDisk"/>) mounted on a new folder.</summary>
    public static Task<(TestDisk? Disk, string? Skip)> DeviceAsync(string device) => MountAsync([device]);

    /// <summary>A bind mount of <paramref name="folder"/>: a mount point on whatever filesystem the folder is on.</summary>
    public static Task<(TestDisk? Disk, string? Skip)> BindAsync(string folder) => MountAsync(["--bind", folder]);

    /// <summary>A plain folder, not a mount point: what an unmounted disk leaves behind.</summary>
    public static string NewFolder()
    {
        var folder = System.IO.Path.Join(System.IO.Path.GetTempPath(), "gob-disk-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        UnixFiles.SetMode(folder, 777);
        return folder;
    }

    /// <summary>Writes the marker gitops-backup disk init would write, readable by the clone pod's user.</summary>
    public void Mark(string id, string? filesystemUuid = null) => MarkFolder(Path, id, filesystemUuid);

    /// <param name="filesystemUuid">The filesystem UUID disk init read when it wrote the marker; null for one written without.</param>
    public static void MarkFolder(string folder, string id, string? filesystemUuid = null)
    {
        var file = System.IO.Path.Join(folder, DiskMarker.FileName);
        File.WriteAllText(file, new DiskMarker(id, new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), filesystemUuid).Format());
        UnixFiles.SetMode(file, 644);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("umount", ["-l", Path], new Dictionary<string, string>());
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS; cleanup never fails a test.
        }
    }

    private static async Task<(TestDisk?, string?)> MountAsync(IReadOnlyList<string> args)
    {
        if (!ProcessRunner.IsRoot)
        {
            return (null, "mounting a test disk needs root");
        }

        var folder = NewFolder();
        var mount = await ProcessRunner.RunAsync("mount", [.. args, folder], new Dictionary<string, string>());
        if (mount.ExitCode != 0)
        {
            Directory.Delete(folder);
            return (null, $"mount {string.Join(' ', args)} failed here: {mount.Stderr.Trim()}");
        }

        return (new TestDisk(folder), null);
    }
}
