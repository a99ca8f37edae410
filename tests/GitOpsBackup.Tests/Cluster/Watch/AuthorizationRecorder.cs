using System.Collections.Concurrent;

namespace GitOpsBackup.Tests.Cluster.Watch;

/// <summary>Notes the Authorization header of every request leaving the client ("" when none).</summary>
internal sealed class AuthorizationRecorder : DelegatingHandler
{
    public ConcurrentQueue<string> Seen { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Seen.Enqueue(request.Headers.Authorization?.ToString() ?? "");
        return base.SendAsync(request, cancellationToken);
    }
}
