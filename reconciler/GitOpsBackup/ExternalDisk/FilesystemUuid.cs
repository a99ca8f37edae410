using System.Diagnostics;

namespace GitOpsBackup.ExternalDisk;

/// <summary>The filesystem UUID of a mounted disk, as findmnt or blkid know it; null when neither does (tmpfs, no tools).</summary>
internal static class FilesystemUuid
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<string?> ProbeAsync(string mountPoint, string source, CancellationToken cancellationToken)
    {
        var uuid = await FirstLineAsync("findmnt", ["-n", "-o", "UUID", "--mountpoint", mountPoint], cancellationToken);
        if (uuid is null && source.StartsWith("/dev/", StringComparison.Ordinal))
        {
            // -p probes the device itself (root only): findmnt may have no udev database to ask.
            uuid = await FirstLineAsync("blkid", ["-p", "-s", "UUID", "-o", "value", source], cancellationToken);
        }

        return uuid;
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
