using System.Net;
using System.Net.Sockets;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a git server that, while <see cref="CutAfterBytes"/> is set,
/// closes a connection once that many response bytes went through: a transfer dropped mid-pack.
/// </summary>
internal sealed class GitCuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public GitCuttingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Null: pass everything through.</summary>
    public long? CutAfterBytes { get; set; }

    public int Cuts => _cuts;

    private int _cuts;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort);
                // The relay lives as long as the server's side: a client that is done sending must not
                // end it (that would close the connection early, an outage the test did not ask for).
                _ = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                await CopyDownAsync(server.GetStream(), client.GetStream(), CutAfterBytes);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A closed side ends the relay either way.
            }
        }
    }

    private async Task CopyDownAsync(Stream from, Stream to, long? limit)
    {
        var buffer = new byte[8192];
        long sent = 0;
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            if (limit is { } max && sent + read > max)
            {
                await to.WriteAsync(buffer.AsMemory(0, (int)(max - sent)), _stop.Token);
                Interlocked.Increment(ref _cuts);
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            sent += read;
        }
    }
}
