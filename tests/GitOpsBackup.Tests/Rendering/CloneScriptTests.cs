using System.Globalization;
using System.Text.Json;
using GitOpsBackup.ExternalDisk;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>The rendered external-clone Job's own script, run for real with rclone against s3rver.</summary>
[Collection(S3rverCollection.Name)]
public sealed class CloneScriptTests(S3rverFixture s3, ITestOutputHelper output) : IDisposable
{
    private const string DiskId = "usb-test-1";
    private const string DiskUuid = "5d1e0c2a-7f3b-4e8d-9a61-2e0f4d8b1a37";
    private readonly string _sfx = Guid.NewGuid().ToString("N")[..8];
    private readonly List<string> _cleanup = [];

    [Fact]
    public async Task VolumeMode_CopiesEverySelectedBucketOntoTheDisk()
    {
        var (appBucket, extraBucket) = ($"nextcloud-bk-{_sfx}", $"home-bk-{_sfx}");
        var appFiles = await FillBucket(appBucket, seed: 11, count: 12);
        var extraFiles = await FillBucket(extraBucket, seed: 12, count: 5);
        await using var mounted = await MarkedDisk("16m");
        if (mounted is null)
        {
            return;
        }

        var disk = mounted.Path;
        using var pod = Sandbox(Clone(CloneMode.Volume, [extraBucket], sync: false), appBucket, disk);
        var message = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", File.ReadAllText(message)); // nothing to tell when all went well
        Assert.Contains($"OK disk={DiskId}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK bucket={appBucket}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK bucket={extraBucket}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK check bucket={appBucket}: every object is on the disk with the same size and hash", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=success", run.Stdout, StringComparison.Ordinal);
        TreeAssert.Same(appFiles, Path.Join(disk, "backups", appBucket));
        TreeAssert.Same(extraFiles, Path.Join(disk, "backups", extraBucket));

        // The manifest on the disk: what was copied, counted from the buckets, and how it ended.
        using var manifest = Manifest(disk);
        var root = manifest.RootElement;
        Assert.Equal(DiskId, root.GetProperty("disk").GetString());
        Assert.Equal("success", root.GetProperty("outcome").GetString());
        Assert.Equal("copy", root.GetProperty("mode").GetString());
        Assert.True(DateTimeOffset.Parse(root.GetProperty("finished").GetString()!, CultureInfo.InvariantCulture) >= DateTimeOffset.Parse(root.GetProperty("started").GetString()!, CultureInfo.InvariantCulture));
        var buckets = root.GetProperty("buckets").EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!);
        Assert.Equal(new[] { appBucket, extraBucket }.Order(StringComparer.Ordinal), buckets.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, source) in new[] { (appBucket, appFiles), (extraBucket, extraFiles) })
        {
            Assert.Equal(source.Files.Count, buckets[name].GetProperty("objects").GetInt32());
            Assert.Equal(source.Files.Values.Sum(), buckets[name].GetProperty("bytes").GetInt64());
            Assert.Equal("ok", buckets[name].GetProperty("copy").GetString());
            Assert.Equal("ok", buckets[name].GetProperty("check").GetString());
        }

        var files = Directory.EnumerateFiles(Path.Join(disk, "backups"), "*", SearchOption.AllDirectories).ToList();
        output.WriteLine($"FIGURES clone (volume mode): 2 buckets, {files.Count} files, {files.Sum(f => new FileInfo(f).Length)} bytes on the disk, compared byte for byte");
    }

    [Fact]
    public async Task CopyMode_KeepsWhatTheBucketLost()
    {
        var bucket = $"keep-bk-{_sfx}";
        await FillBucket(bucket, seed: 13, count: 4);
        await using var mounted = await MarkedDisk("8m");
        if (mounted is null)
        {
            return;
        }

        var disk = mounted.Path;
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
        await using var mounted = await MarkedDisk("8m");
        if (mounted is null)
        {
            return;
        }

        var disk = mounted.Path;
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
        // A real block device: an ext4 image on a loop device, as disk init leaves it: its marker
        // at the root (mkfs -d copies it in) naming the filesystem's UUID. Only root with loop
        // devices can do this; elsewhere the test says so in its output.
        var content = Folder("content", 755);
        TestDisk.MarkFolder(content, DiskId, DiskUuid);
        await using var disk = await Loop(DiskUuid, content);
        if (disk is null)
        {
            return;
        }

        var device = disk.Device;
        var bucket = $"device-bk-{_sfx}";
        var files = await FillBucket(bucket, seed: 15, count: 3);
        using var wrong = Sandbox(Clone(CloneMode.Device, [], sync: false, devicePath: device) with { DiskUuid = "0badd15c-0000-4000-8000-000000000000" }, bucket, disk: null);
        var refusal = TerminationLog(wrong);
        var refused = await wrong.RunAsync(asNobody: false);

        // Another disk in the slot: refused before it is even mounted.
        Assert.True(refused.ExitCode == CloneExit.Refused, refused.ToString());
        Assert.Contains($"REFUSED {wrong.Environment["CLONE_DEVICE"]} has filesystem UUID '{DiskUuid}', expected '0badd15c-0000-4000-8000-000000000000'", refused.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("MOUNTED", refused.Stdout, StringComparison.Ordinal);
        Assert.Equal("outcome=refused reason=device-uuid\n", File.ReadAllText(refusal));

        using var pod = Sandbox(Clone(CloneMode.Device, [$"missing-{_sfx}"], sync: false, devicePath: device), bucket, disk: null);
        var failure = TerminationLog(pod);
        var run = await pod.RunAsync(asNobody: false);

        // The missing extra bucket fails the run, and the disk is unmounted all the same.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"MOUNTED {pod.Environment["CLONE_DEVICE"]}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK filesystem UUID {DiskUuid} is the one in {DiskMarker.FileName}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK bucket={bucket}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"FAILED bucket=missing-{_sfx}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("UNMOUNTED", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("outcome=failed reason=list\n", File.ReadAllText(failure));
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

    [Fact]
    public async Task DeviceMode_AMarkerCopiedFromAnotherDisk_IsRefused_EvenWithTheRightIdAndUuid()
    {
        // The right id, but disk init wrote this marker on another filesystem: someone copied it over.
        var content = Folder("content", 755);
        TestDisk.MarkFolder(content, DiskId, "0badd15c-0000-4000-8000-000000000000");
        await using var disk = await Loop(DiskUuid, content);
        if (disk is null)
        {
            return;
        }

        var bucket = $"copied-bk-{_sfx}";
        await FillBucket(bucket, seed: 21, count: 2);
        foreach (var specUuid in new[] { DiskUuid, null })
        {
            using var pod = Sandbox(Clone(CloneMode.Device, [], sync: false, devicePath: disk.Device) with { DiskUuid = specUuid }, bucket, disk: null);
            var message = TerminationLog(pod);

            var run = await pod.RunAsync(asNobody: false);

            Assert.True(run.ExitCode == CloneExit.Refused, run.ToString());
            Assert.Contains($"REFUSED {pod.Environment["CLONE_ROOT"]} is filesystem '{DiskUuid}' but its {DiskMarker.FileName} was written on '0badd15c-0000-4000-8000-000000000000': a marker copied from another disk", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("UNMOUNTED", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("OK bucket=", run.Stdout, StringComparison.Ordinal);
            Assert.Equal("outcome=refused reason=marker-uuid\n", File.ReadAllText(message));
        }
    }

    [Fact]
    public async Task VolumeMode_AMarkerCopiedFromAnotherDisk_IsRefused_WhereThePodCanReadTheDevice()
    {
        var (mounted, skip) = await Ext4Disk.CreateAsync(DiskUuid);
        if (mounted is null)
        {
            output.WriteLine($"SKIPPED: {skip}");
            return;
        }

        await using var disk = mounted;
        UnixFiles.SetMode(disk.Path, 777);
        disk.Mark(DiskId, "0badd15c-0000-4000-8000-000000000000");
        var bucket = $"copied-vol-bk-{_sfx}";
        await FillBucket(bucket, seed: 22, count: 2);
        using var pod = Sandbox(Clone(CloneMode.Volume, [], sync: false), bucket, disk.Path);

        var privileged = await pod.RunAsync(asNobody: false);
        var restricted = await pod.RunAsync(asNobody: true);

        // A pod that can read the device behind the mount (root here) sees the marker is not this filesystem's.
        Assert.True(privileged.ExitCode == CloneExit.Refused, privileged.ToString());
        Assert.Contains($"is filesystem '{DiskUuid}' but its {DiskMarker.FileName} was written on '0badd15c-0000-4000-8000-000000000000'", privileged.Stdout, StringComparison.Ordinal);
        // The restricted pod of volume mode cannot read the device: it says so and trusts the marker's id.
        Assert.True(restricted.ExitCode == 0, restricted.ToString());
        Assert.Contains("SKIP filesystem UUID check: this pod cannot read the UUID", restricted.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongDisk_AMarkerWithAnotherId_IsRefused_AndNothingIsWritten()
    {
        var bucket = $"wrong-bk-{_sfx}";
        await FillBucket(bucket, seed: 16, count: 2);
        await using var mounted = await MarkedDisk("4m", id: "someone-elses-disk");
        if (mounted is null)
        {
            return;
        }

        using var pod = Sandbox(Clone(CloneMode.Volume, [], sync: false), bucket, mounted.Path);
        var message = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == CloneExit.Refused, run.ToString());
        Assert.Contains($"REFUSED {mounted.Path} is disk 'someone-elses-disk', expected '{DiskId}': not the expected disk", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("outcome=refused reason=wrong-disk\n", File.ReadAllText(message));
        Assert.Contains("RESULT status=refused", run.Stdout, StringComparison.Ordinal);
        Assert.Equal([DiskMarker.FileName], Directory.EnumerateFileSystemEntries(mounted.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task UnmarkedDisk_IsRefused()
    {
        var (disk, skip) = await TestDisk.TmpfsAsync("4m");
        if (disk is null)
        {
            output.WriteLine($"SKIPPED: {skip}");
            return;
        }

        await using var unmount = disk;
        using var pod = Sandbox(Clone(CloneMode.Volume, [], sync: false), $"unmarked-bk-{_sfx}", disk.Path);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == CloneExit.Refused, run.ToString());
        Assert.Contains($"REFUSED {disk.Path} has no {DiskMarker.FileName}", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(disk.Path));
    }

    [Fact]
    public async Task UnmountedTarget_APlainFolderEvenWithTheMarker_IsRefused()
    {
        // What an unplugged disk leaves: its mount point, an ordinary folder on the node's disk. A
        // copied marker does not make it the disk. Runs without root: nothing is mounted.
        var folder = TestDisk.NewFolder();
        _cleanup.Add(folder);
        TestDisk.MarkFolder(folder, DiskId);
        using var pod = Sandbox(Clone(CloneMode.Volume, [], sync: false), $"plain-bk-{_sfx}", folder);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == CloneExit.Refused, run.ToString());
        Assert.Contains($"REFUSED {folder} is not a mount point", run.Stdout, StringComparison.Ordinal);
        Assert.Equal([DiskMarker.FileName], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task RootFilesystem_BindMountedAsTheDisk_IsRefused()
    {
        // A local PV whose disk is not mounted is a folder of the node's root filesystem, bind-mounted:
        // a mount point all the same. The device number gives it away.
        var folder = TestDisk.NewFolder();
        _cleanup.Add(folder);
        var probe = await ProcessRunner.RunAsync("stat", ["-c", "%d", folder, "/"], new Dictionary<string, string>());
        if (probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count() != 1)
        {
            output.WriteLine("SKIPPED: the temp folder is not on the root filesystem here");
            return;
        }

        TestDisk.MarkFolder(folder, DiskId);
        var (bind, skip) = await TestDisk.BindAsync(folder);
        if (bind is null)
        {
            output.WriteLine($"SKIPPED: {skip}");
            return;
        }

        await using var unmount = bind;
        using var pod = Sandbox(Clone(CloneMode.Volume, [], sync: false), $"rootfs-bk-{_sfx}", bind.Path);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == CloneExit.Refused, run.ToString());
        Assert.Contains($"REFUSED {bind.Path} is on the root filesystem, not on an external disk", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooLittleFreeSpace_IsRefusedBeforeAnythingIsCopied()
    {
        var bucket = $"big-bk-{_sfx}";
        var files = await FillBucket(bucket, seed: 17, count: 12, maxBytes: 400_000);
        await using var mounted = await MarkedDisk("1m");
        if (mounted is null)
        {
            return;
        }

        using var pod = Sandbox(Clone(CloneMode.Volume, [], sync: false), bucket, mounted.Path);
        var message = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == CloneExit.Refused, run.ToString());
        Assert.Equal("outcome=refused reason=no-space\n", File.ReadAllText(message));
        Assert.Contains($"the copy needs about {files.Files.Values.Sum()}: make room or use a bigger disk", run.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(mounted.Path, "backups")));
    }

    [Fact]
    public async Task DiskFullDuringTheCopy_IsPartial_NotACrash()
    {
        // Free bytes pass the check, but the disk runs out of inodes half way: the estimate cannot
        // see filesystem overhead, so the copy itself must end cleanly too.
        var (first, second) = ($"a-full-bk-{_sfx}", $"b-full-bk-{_sfx}");
        var firstFiles = await FillBucket(first, seed: 18, count: 60, maxBytes: 200);
        await FillBucket(second, seed: 19, count: 2, maxBytes: 200);
        await using var mounted = await MarkedDisk("8m", inodes: 30);
        if (mounted is null)
        {
            return;
        }

        using var pod = Sandbox(Clone(CloneMode.Volume, [first, second], sync: false), first, mounted.Path);
        var message = TerminationLog(pod);

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == CloneExit.Partial, run.ToString());
        Assert.Equal("outcome=partial reason=disk-full\n", File.ReadAllText(message));
        Assert.Contains($"PARTIAL bucket={first}: the disk is full (No space left on device)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"PARTIAL bucket={second}: not copied, the disk is full", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("RESULT status=partial", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("check bucket=", run.Stdout, StringComparison.Ordinal);
        using var manifest = Manifest(mounted.Path);
        Assert.Equal("partial", manifest.RootElement.GetProperty("outcome").GetString());
        var buckets = manifest.RootElement.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(["partial", "skipped"], buckets.Select(b => b.GetProperty("copy").GetString()));
        Assert.Equal(firstFiles.Files.Count, buckets[0].GetProperty("objects").GetInt32());
        var copied = Directory.EnumerateFiles(Path.Join(mounted.Path, "backups", first), "*", SearchOption.AllDirectories).Count();
        Assert.InRange(copied, 1, firstFiles.Files.Count - 1);
        output.WriteLine($"FIGURES clone onto a full disk: {copied} of {firstFiles.Files.Count} files copied before the disk ran out of inodes");
    }

    [Fact]
    public async Task CorruptedObjectOnTheDisk_IsCaughtByTheCheck()
    {
        var bucket = $"rot-bk-{_sfx}";
        var files = await FillBucket(bucket, seed: 20, count: 5);
        await using var mounted = await MarkedDisk("8m");
        if (mounted is null)
        {
            return;
        }

        using var pod = Sandbox(Clone(CloneMode.Volume, [], sync: false), bucket, mounted.Path);
        Assert.Equal(0, (await pod.RunAsync()).ExitCode);

        // Bit rot on the disk: one byte flipped, same size, same modification time. rclone copy
        // (size and time) sees nothing to do; only the check's hash sees it.
        var victim = files.Files.Keys.Order(StringComparer.Ordinal).First(k => files.Files[k] > 0);
        var onDisk = Path.Join(mounted.Path, "backups", bucket, victim);
        var stamp = Path.Join(Folder("stamp"), "mtime");
        await Must("touch", "-r", onDisk, stamp);
        var bytes = File.ReadAllBytes(onDisk);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(onDisk, bytes);
        await Must("touch", "-r", stamp, onDisk);
        foreach (var old in Directory.GetFiles(Path.Join(mounted.Path, "backups", "_manifests")))
        {
            File.Delete(old);
        }

        var message = TerminationLog(pod);
        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("outcome=failed reason=check\n", File.ReadAllText(message));
        Assert.Contains($"OK bucket={bucket}", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"FAILED check bucket={bucket}: 1 differences between the bucket and the disk", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(victim, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("RESULT status=failed", run.Stdout, StringComparison.Ordinal);
        using var manifest = Manifest(mounted.Path);
        var entry = Assert.Single(manifest.RootElement.GetProperty("buckets").EnumerateArray());
        Assert.Equal("differences", entry.GetProperty("check").GetString());
        Assert.Equal(1, entry.GetProperty("differences").GetInt32());
        Assert.Equal("failed", manifest.RootElement.GetProperty("outcome").GetString());
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
        TestSpecs.Clone(mode) with
        {
            ExtraBuckets = extra,
            Sync = sync,
            MaxDelete = maxDelete,
            DevicePath = devicePath ?? TestSpecs.Clone(mode).DevicePath,
            DiskId = DiskId,
            DiskUuid = mode == CloneMode.Device ? DiskUuid : null,
        };

    /// <summary>An ext4 image with <paramref name="uuid"/> on a loop device; null (and SKIPPED in the output) where that cannot be made.</summary>
    private async Task<LoopDisk?> Loop(string uuid, string? content)
    {
        var (disk, skip) = await LoopDisk.CreateAsync(uuid, content);
        if (disk is null)
        {
            output.WriteLine($"SKIPPED: {skip}");
        }

        return disk;
    }

    /// <summary>What the kubelet gives the container: an empty, writable termination-message file.</summary>
    private string TerminationLog(PodSandbox pod)
    {
        var file = Path.Join(Folder("termination"), "termination-log");
        File.WriteAllText(file, "");
        UnixFiles.SetMode(file, 666);
        pod.Environment["CLONE_TERMINATION_LOG"] = file;
        return file;
    }

    /// <summary>A mounted tmpfs carrying the expected marker; null (and SKIPPED in the output) where nothing can be mounted.</summary>
    private async Task<TestDisk?> MarkedDisk(string size, int? inodes = null, string id = DiskId)
    {
        var (disk, skip) = await TestDisk.TmpfsAsync(size, inodes);
        if (disk is null)
        {
            output.WriteLine($"SKIPPED: the clone copies only onto a mounted disk, and {skip}");
            return null;
        }

        disk.Mark(id);
        return disk;
    }

    private static JsonDocument Manifest(string disk)
    {
        var manifest = Assert.Single(Directory.GetFiles(Path.Join(disk, "backups", "_manifests"), "*.json"));
        return JsonDocument.Parse(File.ReadAllText(manifest));
    }

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
    private async Task<TreeAssert.Source> FillBucket(string bucket, int seed, int count, int maxBytes = 120_000)
    {
        var source = Folder("src", 755);
        var files = TreeAssert.WriteRandom(source, seed, count, maxBytes);
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
