using GitOpsBackup.Source;

namespace GitOpsBackup.Service;

/// <summary>How <c>run</c> serves /healthz, /readyz, /metrics and the webhooks.</summary>
internal sealed record HttpSurfaceOptions
{
    /// <summary>The Kestrel URL (see <see cref="ListenAddress"/>), e.g. http://*:8080 or http://127.0.0.1:0.</summary>
    public required string Url { get; init; }

    /// <summary>False for the default address: when it is taken, run goes on without HTTP and says so.</summary>
    public bool Required { get; init; } = true;

    /// <summary>The webhook secret; null turns the webhook routes off (404 with how to turn them on).</summary>
    public byte[]? WebhookSecret { get; init; }

    /// <summary>The ref run follows: only pushes to it start a pass. Null (a working tree): any push.</summary>
    public GitRef? Followed { get; init; }

    /// <summary>The cluster is the embedded, simulated one: the night's page says so.</summary>
    public bool Simulated { get; init; }

    public int MaxBodyBytes { get; init; } = WebhookVerifier.DefaultMaxBodyBytes;

    /// <summary>Webhook deliveries accepted per minute, all forges together; more get 429.</summary>
    public int WebhooksPerMinute { get; init; } = 60;
}
