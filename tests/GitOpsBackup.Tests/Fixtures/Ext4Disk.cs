namespace GitOpsBackup.Tests.Fixtures;

/// <summary>A <see cref="LoopDisk"/> mounted on a temp folder (a disk with a real filesystem UUID); disposing unmounts, then detaches it.</summary>
public sealed class Ext4Disk : IAsyncDisposable
{
    private readonly LoopDisk _loop;
    private readonly TestDisk _mounted;

    private Ext4Disk(LoopDisk loop, TestDisk mounted)
    {
        _loop = loop;
        _mounted = mounted;
    }

    /// <summary>The mount point.</summary>
    public string Path => _mounted.Path;

    public string Device => _loop.Device;

    public static async Task<(Ext4Disk? Disk, string? Skip)> CreateAsync(string uuid)
    {
        var (loop, skip) = await LoopDisk.CreateAsync(uuid);
        if (loop is null)
        {
            return (null, skip);
        }

        var (mounted, why) = await TestDisk.DeviceAsync(loop.Device);
        if (mounted is null)
        {
            await loop.DisposeAsync();
            return (null, why);
        }

        return (new Ext4Disk(loop, mounted), null);
    }

    public void Mark(string id, string? filesystemUuid = null) => _mounted.Mark(id, filesystemUuid);

    public async ValueTask DisposeAsync()
    {
        await _mounted.DisposeAsync();
        await _loop.DisposeAsync();
    }
}
