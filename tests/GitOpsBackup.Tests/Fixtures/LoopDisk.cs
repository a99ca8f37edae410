namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A real block device for the external-disk tests: an ext4 image with a chosen filesystem UUID
/// (<c>mkfs.ext4 -U</c>, the files of a folder copied in with <c>-d</c>) on a loop device. Needs
/// root, loop devices and mkfs.ext4; elsewhere <see cref="CreateAsync"/> returns the reason and the
/// test says SKIPPED.
/// </summary>
public sealed class LoopDisk : IAsyncDisposable
{
    private readonly string _folder;

    private LoopDisk(string device, string folder)
    {
        Device = device;
        _folder = folder;
    }

    /// <summary>The loop device, e.g. /dev/loop3.</summary>
    public string Device { get; }

    public static async Task<(LoopDisk? Disk, string? Skip)> CreateAsync(string uuid, string? content = null, string size = "32M")
    {
        if (!ProcessRunner.IsRoot || !File.Exists("/dev/loop-control") || (!File.Exists("/sbin/mkfs.ext4") && !File.Exists("/usr/sbin/mkfs.ext4")))
        {
            return (null, "a disk image needs root, loop devices and mkfs.ext4");
        }

        var folder = Path.Join(Path.GetTempPath(), "gob-loop-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var image = Path.Join(folder, "disk.img");
        var none = new Dictionary<string, string>();
        var steps = new[]
        {
            ("truncate", new[] { "-s", size, image }),
            ("mkfs.ext4", content is null ? ["-q", "-F", "-U", uuid, image] : new[] { "-q", "-F", "-U", uuid, "-d", content, image }),
        };
        foreach (var (file, args) in steps)
        {
            var run = await ProcessRunner.RunAsync(file, args, none);
            if (run.ExitCode != 0)
            {
                Directory.Delete(folder, recursive: true);
                return (null, $"{file} failed here: {run.Stderr.Trim()}");
            }
        }

        var loop = await ProcessRunner.RunAsync("losetup", ["--find", "--show", image], none);
        if (loop.ExitCode != 0)
        {
            Directory.Delete(folder, recursive: true);
            return (null, $"no loop device could be attached here: {loop.Stderr.Trim()}");
        }

        return (new LoopDisk(loop.Stdout.Trim(), folder), null);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("losetup", ["-d", Device], new Dictionary<string, string>());
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS; cleanup never fails a test.
        }
    }
}
