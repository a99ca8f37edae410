using System.Collections.Concurrent;
using System.Threading.Channels;

namespace GitOpsBackup.Tests.Cluster.Watch;

/// <summary>Sits in the client's handler chain: notes each request's Authorization header, and hands out watch requests as they leave.</summary>
internal sealed class RequestRecorder : DelegatingHandler
{
    private readonly Channel<Uri> _watches = Channel.CreateUnbounded<Uri>();

    /// <summary>The Authorization header of each request, in order ("" when none).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>The next watch request sent (each one once, in order).</summary>
    public async Task<Uri> NextWatchAsync(CancellationToken cancellationToken) => await _watches.Reader.ReadAsync(cancellationToken);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorizations.Enqueue(request.Headers.Authorization?.ToString() ?? "");
        if (request.RequestUri is { } uri && uri.Query.Contains("watch=true", StringComparison.Ordinal))
        {
            _watches.Writer.TryWrite(uri);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
