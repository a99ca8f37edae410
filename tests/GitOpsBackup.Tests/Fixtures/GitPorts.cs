using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>Free loopback ports, a wait until a server listens on one, and unique temp folders.</summary>
internal static class GitPorts
{
    // Below the kernel's ephemeral range (32768-60999): an outgoing connection's local port is drawn
    // from that range, so a server stopped for an outage could find its port taken when it restarts.
    // Never handed out twice in a process; each test process starts at its own offset.
    private const int First = 20000;
    private const int Count = 12000;
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();
    private static int _next = Environment.ProcessId % Count;

    public static int Next()
    {
        while (true)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            if (HandedOut.ContainsKey(port) || !Bindable(port))
            {
                continue;
            }

            if (HandedOut.TryAdd(port, true))
            {
                return port;
            }
        }
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(50);
            }
        }
    }

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(path, recursive: true);
    }
}
