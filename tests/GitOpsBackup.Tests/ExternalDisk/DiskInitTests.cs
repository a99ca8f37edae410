using GitOpsBackup.ExternalDisk;
using GitOpsBackup.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.ExternalDisk;

/// <summary><c>gitops-backup disk init</c> on real mounts (tmpfs, bind mounts), through the CLI.</summary>
public sealed class DiskInitTests(ITestOutputHelper output)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task Marker_IsWrittenOnce()
    {
        await using var disk = await Tmpfs();
        if (disk is null)
        {
            return;
        }

        var first = await Init(disk.Path, "--id", "usb-a");
        _time.Advance(TimeSpan.FromDays(1));
        var marker = File.ReadAllText(Path.Join(disk.Path, DiskMarker.FileName));
        var again = await Init(disk.Path, "--id", "usb-a");
        var withoutId = await Init(disk.Path);

        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains($"marked {disk.Path} as disk 'usb-a' (tmpfs on tmpfs, no filesystem UUID known)", first.Out, StringComparison.Ordinal);
        Assert.Contains("  disk:\n    id: usb-a\n", first.Out, StringComparison.Ordinal);
        Assert.Equal(new DiskMarker("usb-a", new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero), null), DiskMarker.Parse(marker));
        foreach (var run in new[] { again, withoutId })
        {
            Assert.True(run.Exit == 0, run.Error);
            Assert.Contains($"{disk.Path} is already disk 'usb-a' (marked 2026-12-02T09:30:00Z); nothing written", run.Out, StringComparison.Ordinal);
        }

        Assert.Equal(marker, File.ReadAllText(Path.Join(disk.Path, DiskMarker.FileName)));
    }

    [Fact]
    public async Task AnotherId_IsRefused_UnlessForced()
    {
        await using var disk = await Tmpfs();
        if (disk is null)
        {
            return;
        }

        Assert.Equal(0, (await Init(disk.Path, "--id", "usb-a")).Exit);

        var refused = await Init(disk.Path, "--id", "usb-b");
        var forced = await Init(disk.Path, "--id", "usb-b", "--force");

        Assert.Equal(2, refused.Exit);
        Assert.Contains($"error: {disk.Path} is already disk 'usb-a' (marked 2026-12-02T09:30:00Z): pass --force to make it disk 'usb-b'", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.Equal("usb-b", DiskMarker.Parse(File.ReadAllText(Path.Join(disk.Path, DiskMarker.FileName)))!.Id);
    }

    [Fact]
    public async Task WithoutAnId_ANewOneIsMade()
    {
        await using var disk = await Tmpfs();
        if (disk is null)
        {
            return;
        }

        var run = await Init(disk.Path);

        Assert.True(run.Exit == 0, run.Error);
        var id = DiskMarker.Parse(File.ReadAllText(Path.Join(disk.Path, DiskMarker.FileName)))!.Id;
        Assert.Matches("^disk-20261202-[0-9a-f]{6}$", id);
        Assert.Contains($"    id: {id}\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlainFolder_IsRefused_NothingWritten()
    {
        // Runs without root: nothing is mounted.
        var folder = TestDisk.NewFolder();
        try
        {
            var run = await Init(folder, "--id", "usb-a");

            Assert.Equal(2, run.Exit);
            Assert.Contains($"error: {folder} is not a mount point: mount the external disk there first", run.Error, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheRootFilesystem_BindMounted_IsRefused()
    {
        var folder = TestDisk.NewFolder();
        try
        {
            var (bind, skip) = await TestDisk.BindAsync(folder);
            if (bind is null)
            {
                output.WriteLine($"SKIPPED: {skip}");
                return;
            }

            await using var unmount = bind;
            var mounts = MountTable.Parse(File.ReadAllText(MountTable.ProcPath));
            if (mounts.At(bind.Path)?.Device != mounts.Root?.Device)
            {
                output.WriteLine("SKIPPED: the temp folder is not on the root filesystem here");
                return;
            }

            var run = await Init(bind.Path, "--id", "usb-a");

            Assert.Equal(2, run.Exit);
            Assert.Contains($"error: {bind.Path} is on the root filesystem", run.Error, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheFilesystemUuid_IsStoredInTheMarker()
    {
        await using var disk = await Ext4("3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f00");
        if (disk is null)
        {
            return;
        }

        var run = await Init(disk.Path, "--id", "usb-a");

        Assert.True(run.Exit == 0, run.Error);
        Assert.Contains("filesystem UUID 3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f00)", run.Out, StringComparison.Ordinal);
        Assert.Contains("    filesystemUuid: 3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f00", run.Out, StringComparison.Ordinal);
        Assert.Equal("3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f00", Marker(disk)!.FilesystemUuid);
    }

    [Fact]
    public async Task AMarkerCopiedFromAnotherDisk_IsRefused_UnlessForced()
    {
        await using var disk = await Ext4("3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f01");
        if (disk is null)
        {
            return;
        }

        disk.Mark("usb-a", "0badd15c-0000-4000-8000-000000000000");

        var refused = await Init(disk.Path, "--id", "usb-a");
        var forced = await Init(disk.Path, "--id", "usb-a", "--force");

        Assert.Equal(2, refused.Exit);
        Assert.Contains($"error: {disk.Path}/{DiskMarker.FileName} names disk 'usb-a' on filesystem 0badd15c-0000-4000-8000-000000000000, but {disk.Path} is filesystem 3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f01: a marker copied from another disk", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.Exit == 0, forced.Error);
        Assert.Equal(("usb-a", "3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f01"), (Marker(disk)!.Id, Marker(disk)!.FilesystemUuid));
    }

    [Fact]
    public async Task AMarkerWrittenWithoutAUuid_LearnsIt_KeepingItsIdAndDate()
    {
        await using var disk = await Ext4("3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f02");
        if (disk is null)
        {
            return;
        }

        disk.Mark("usb-a");

        var run = await Init(disk.Path);
        var again = await Init(disk.Path);

        Assert.True(run.Exit == 0, run.Error);
        Assert.Equal(new DiskMarker("usb-a", new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), "3f1c6a52-0d7e-4b9a-8c21-5e4d3b2a1f02"), Marker(disk));
        Assert.Contains($"{disk.Path} is already disk 'usb-a' (marked 2026-11-01T12:00:00Z); nothing written", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesystemUuid_FromTheByUuidLinks_IsTheLinkThatLeadsToTheDevice()
    {
        // /dev/disk/by-uuid as udev lays it out, in a temp folder: links named by UUID to ../../<device>.
        var root = TestDisk.NewFolder();
        try
        {
            var dev = Directory.CreateDirectory(Path.Join(root, "dev")).FullName;
            var byUuid = Directory.CreateDirectory(Path.Join(dev, "disk", "by-uuid")).FullName;
            Directory.CreateDirectory(Path.Join(dev, "mapper"));
            foreach (var device in new[] { "sda1", "sdb1", "dm-0" })
            {
                File.WriteAllText(Path.Join(dev, device), "");
            }

            File.CreateSymbolicLink(Path.Join(byUuid, "1111-AAAA"), "../../sda1");
            File.CreateSymbolicLink(Path.Join(byUuid, "2222-bbbb"), "../../sdb1");
            File.CreateSymbolicLink(Path.Join(byUuid, "3333-cccc"), "../../dm-0");
            File.CreateSymbolicLink(Path.Join(dev, "mapper", "usb"), "../dm-0");

            Assert.Equal("2222-bbbb", FilesystemUuid.FromLinks(byUuid, Path.Join(dev, "sdb1")));
            Assert.Equal("3333-cccc", FilesystemUuid.FromLinks(byUuid, Path.Join(dev, "mapper", "usb"))); // named by a link of its own
            Assert.Null(FilesystemUuid.FromLinks(byUuid, Path.Join(dev, "sdc1")));
            Assert.Null(FilesystemUuid.FromLinks(Path.Join(root, "no-udev-here"), Path.Join(dev, "sdb1")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("usb a")]
    [InlineData("-usb")]
    [InlineData("usb/a")]
    public async Task AnInvalidId_IsRefused(string id)
    {
        var folder = TestDisk.NewFolder();
        try
        {
            var run = await Init(folder, "--id", id);

            Assert.Equal(2, run.Exit);
            Assert.Contains($"--id '{id}' is not a disk id", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MountTable_ReadsEscapedMountPoints_AndTheRoot()
    {
        var table = MountTable.Parse("""
            26 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            98 26 8:17 / /mnt/usb\040disk rw,nosuid shared:1 master:2 - ext4 /dev/sdb1 rw
            99 26 254:0 /srv/pv /mnt/pv rw - ext4 /dev/vda rw

            """);

        Assert.Equal(new MountEntry("/mnt/usb disk", "8:17", "ext4", "/dev/sdb1"), table.At("/mnt/usb disk"));
        Assert.Equal("254:0", table.Root!.Device);
        Assert.Equal(table.Root.Device, table.At("/mnt/pv")!.Device);
        Assert.Null(table.At("/mnt"));
    }

    private async Task<TestDisk?> Tmpfs()
    {
        var (disk, skip) = await TestDisk.TmpfsAsync("1m");
        if (disk is null)
        {
            output.WriteLine($"SKIPPED: disk init marks only a mounted disk, and {skip}");
        }

        return disk;
    }

    /// <summary>An ext4 filesystem with <paramref name="uuid"/> on a loop device, mounted; null (SKIPPED) where that cannot be made.</summary>
    private async Task<Ext4Disk?> Ext4(string uuid)
    {
        var (disk, skip) = await Ext4Disk.CreateAsync(uuid);
        if (disk is null)
        {
            output.WriteLine($"SKIPPED: {skip}");
        }

        return disk;
    }

    private static DiskMarker? Marker(Ext4Disk disk) => DiskMarker.Parse(File.ReadAllText(Path.Join(disk.Path, DiskMarker.FileName)));

    private async Task<(int Exit, string Out, string Error)> Init(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GitOpsBackup.Cli.Cli.RunAsync(["disk", "init", .. args], stdout, stderr, _time);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
