using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>The rendered external-clone Job's own script, run for real with rclone against s3rver.</summary>
[Collection(S3rverCollection.Name)]
public sealed class CloneScriptTests(S3rverFixture s3, ITestOutputHelper output) : IDisposable
{
    private readonly string _sfx = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _cleanup = [];

    [Fact]
    public async Task VolumeMode_CopiesEverySelectedBucketOntoTheDisk()
    {
        var (appBucket, extraBucket) = ($"nextcloud-bk-{_sfx}", $"home-bk-{_sfx}");
        var appFiles = await FillBucket(appBucket, seed: 11, count: 12);
        var extraFiles = await FillBucket(extraBucket, seed: 12, count: 5);
        var disk = Folder("disk", 777);
        using var pod = Sandbox(Clone(CloneMode.Volume, [extraBucket], sync: false), appBucket, disk);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"OK bucket={appBucket}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK bucket={extraBucket}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=success", run.Stdout, StringComparison.Ordinal);
        TreeAssert.Same(appFiles, Path.Join(disk, "backups", appBucket));
        TreeAssert.Same(extraFiles, Path.Join(disk, "backups", extraBucket));
        var files = Directory.EnumerateFiles(Path.Join(disk, "backups"), "*", SearchOption.AllDirectories).ToList();
        output.WriteLine($"FIGURES clone (volume mode): 2 buckets, {files.Count} files, {files.Sum(f => new FileInfo(f).Length)} bytes on the disk, compared byte for byte");
    }

    [Fact]
    public async Task CopyMode_KeepsWhatTheBucketLost()
    {
        var bucket = $"keep-bk-{_sfx}";
        await FillBucket(bucket, seed: 13, count: 4);
        var disk = Folder("disk", 777);
        using var pod = Sandbox(Clone(CloneMode.Volume, [], sync: false), bucket, disk);
        Assert.Equal(0, (await pod.RunAsync()).ExitCode);
        await s3.RcloneAsync(Folder("home"), "delete", "--fast-list", $"s3:{bucket}/dir0");

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Directory.Exists(Path.Join(disk, "backups", bucket, "dir0")));
    }

    [Fact]
    public async Task SyncMode_DeletesOnTheDisk_ButNoMoreThanMaxDelete()
    {
        var bucket = $"sync-bk-{_sfx}";
        var files = await FillBucket(bucket, seed: 14, count: 6);
        var disk = Folder("disk", 777);
        using (var pod = Sandbox(Clone(CloneMode.Volume, [], sync: true, maxDelete: 1), bucket, disk))
        {
            Assert.Equal(0, (await pod.RunAsync()).ExitCode);
            await s3.RcloneAsync(Folder("home"), "deletefile", $"s3:{bucket}/{files.Files.Keys.First()}");

            var one = await pod.RunAsync();

            Assert.True(one.ExitCode == 0, one.ToString());
            Assert.False(File.Exists(Path.Join(disk, "backups", bucket, files.Files.Keys.First())));
            await s3.RcloneAsync(Folder("home"), "delete", "--fast-list", $"s3:{bucket}");

            var guarded = await pod.RunAsync();

            Assert.True(guarded.ExitCode == 1, guarded.ToString());
            Assert.Contains($"FAILED bucket={bucket}", guarded.Stdout, StringComparison.Ordinal);
            Assert.True(Directory.EnumerateFiles(Path.Join(disk, "backups", bucket), "*", SearchOption.AllDirectories).Count() >= files.Files.Count - 2,
                "the sync went past --max-delete");
        }
    }

    [Fact]
    public async Task DeviceMode_MountsTheDiskForTheRunOnly_AndUnmountsOnFailureToo()
    {
        // A real block device: an ext4 image on a loop device. Only root with loop devices can do
        // this; elsewhere the test says so in its output (volume mode above runs everywhere).
        if (!ProcessRunner.IsRoot || !File.Exists("/dev/loop-control") || !File.Exists("/sbin/mkfs.ext4") && !File.Exists("/usr/sbin/mkfs.ext4"))
        {
            output.WriteLine("SKIPPED: device mode needs root, loop devices and mkfs.ext4 to mount a disk image");
            return;
        }

        var image = Path.Join(Folder("image", 755), "disk.img");
        await Must("truncate", "-s", "32M", image);
        await Must("mkfs.ext4", "-q", "-F", image);
        var loop = await ProcessRunner.RunAsync("losetup", ["--find", "--show", image], new Dictionary<string, string>());
        if (loop.ExitCode != 0)
        {
            output.WriteLine($"SKIPPED: no loop device could be attached here: {loop.Stderr}");
            return;
        }

        var device = loop.Stdout.Trim();
        try
        {
            var bucket = $"device-bk-{_sfx}";
            var files = await FillBucket(bucket, seed: 15, count: 3);
            using var pod = Sandbox(Clone(CloneMode.Device, [$"missing-{_sfx}"], sync: false, devicePath: device), bucket, disk: null);

            var run = await pod.RunAsync(asNobody: false);

            // The missing extra bucket fails the run, and the disk is unmounted all the same.
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains($"MOUNTED {pod.Environment["CLONE_DEVICE"]}", run.Stdout, StringComparison.Ordinal);
            Assert.Contains($"OK bucket={bucket}", run.Stdout, StringComparison.Ordinal);
            Assert.Contains($"FAILED bucket=missing-{_sfx}", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("UNMOUNTED", run.Stdout, StringComparison.Ordinal);
            var root = pod.Environment["CLONE_ROOT"];
            Assert.DoesNotContain(File.ReadAllLines("/proc/mounts"), line => line.Split(' ')[1] == root);

            var check = Folder("check", 755);
            await Must("mount", "-o", "ro", device, check);
            try
            {
                TreeAssert.Same(files, Path.Join(check, "backups", bucket));
            }
            finally
            {
                await Must("umount", check);
            }
        }
        finally
        {
            await ProcessRunner.RunAsync("losetup", ["-d", device], new Dictionary<string, string>());
        }
    }

    public void Dispose()
    {
        foreach (var folder in _cleanup)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS; cleanup never fails a test.
            }
        }
    }

    private static async Task<ProcessResult> Must(string file, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(file, args, new Dictionary<string, string>());
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)}: {result}");
        return result;
    }

    private static ExternalClone Clone(CloneMode mode, IReadOnlyList<string> extra, bool sync, int maxDelete = 50, string? devicePath = null) =>
        TestSpecs.Clone(mode) with { ExtraBuckets = extra, Sync = sync, MaxDelete = maxDelete, DevicePath = devicePath ?? TestSpecs.Clone(mode).DevicePath };

    private PodSandbox Sandbox(ExternalClone clone, string appBucket, string? disk)
    {
        var app = TestSpecs.Nextcloud() with { BackupBucket = appBucket };
        var result = TestSpecs.Render([app], defaults: TestSpecs.Defaults(s3.Endpoint), clone: clone);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        var pod = ((V1Job)result.CloneJob!.ForCycle(new DateOnly(2026, 11, 28)).Resource).Spec.Template.Spec;
        var secrets = new Dictionary<(string, string), string>
        {
            [(TestSpecs.S3Secret, TestSpecs.S3KeyId)] = S3rverFixture.AccessKey,
            [(TestSpecs.S3Secret, TestSpecs.S3SecretKey)] = S3rverFixture.SecretKey,
            [(TestSpecs.CaSecret, TestSpecs.CaKey)] = File.ReadAllText(s3.CaFile),
        };
        var claims = disk is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["external-disk"] = disk };
        return new PodSandbox(pod, secrets, claims);
    }

    /// <summary>Puts random files into a new bucket; returns the folder they came from and their relative paths.</summary>
    private async Task<TreeAssert.Source> FillBucket(string bucket, int seed, int count)
    {
        var source = Folder("src", 755);
        var files = TreeAssert.WriteRandom(source, seed, count, maxBytes: 120_000);
        var home = Folder("home");
        await s3.RcloneAsync(home, "mkdir", $"s3:{bucket}");
        await s3.RcloneAsync(home, "copy", source, $"s3:{bucket}");
        return new TreeAssert.Source(source, files);
    }

    private string Folder(string name, int mode = 755)
    {
        var folder = Path.Join(Path.GetTempPath(), $"gob-{name}-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(folder);
        UnixFiles.SetMode(folder, mode);
        _cleanup.Add(folder);
        return folder;
    }
}
