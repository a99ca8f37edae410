using System.Diagnostics;

namespace GitOpsBackup.ExternalDisk;

/// <summary>
/// The filesystem UUID of a mounted disk, as findmnt, udev's /dev/disk/by-uuid or blkid know it;
/// null when none does (tmpfs, no tools).
/// </summary>
internal static class FilesystemUuid
{
    public const string ByUuid = "/dev/disk/by-uuid";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<string?> ProbeAsync(string mountPoint, string source, CancellationToken cancellationToken)
    {
        var uuid = await FirstLineAsync("findmnt", ["-n", "-o", "UUID", "--mountpoint", mountPoint], cancellationToken);
        if (uuid is null && source.StartsWith("/dev/", StringComparison.Ordinal))
        {
            // findmnt may have no udev database to ask; the links udev made may still be there, and
            // -p probes the device itself (root only).
            uuid = FromLinks(ByUuid, source)
                ?? await FirstLineAsync("blkid", ["-p", "-s", "UUID", "-o", "value", source], cancellationToken);
        }

        return uuid;
    }

    /// <summary>The name of the link in <paramref name="folder"/> (laid out like /dev/disk/by-uuid) that leads to <paramref name="device"/>, or null.</summary>
    public static string? FromLinks(string folder, string device)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        // The mount table may name the device by a link of its own (/dev/mapper/x -> ../dm-0): compare where both lead.
        var target = Resolve(device);
        return Directory.EnumerateFileSystemEntries(folder)
            .Where(link => new FileInfo(link).LinkTarget is not null && Resolve(link) == target)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static string Resolve(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            // Gone, or a dangling link: it leads nowhere a device is.
            return Path.GetFullPath(path);
        }
    }

    private static async Task<string?> FirstLineAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            _ = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var line = (await output).Split('\n')[0].Trim();
            return process.ExitCode == 0 && line.Length > 0 ? line : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not installed: the marker is written without a UUID and the user is told.
            return null;
        }
    }
}
