using System.Diagnostics;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>The end of a fixture that started a server process in a temp folder of its own.</summary>
internal static class ServerCleanup
{
    public static Task StopAsync(Process? server, string root)
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(10_000);
        }

        server?.Dispose();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying server: the OS cleans the temp folder later.
        }

        return Task.CompletedTask;
    }
}
