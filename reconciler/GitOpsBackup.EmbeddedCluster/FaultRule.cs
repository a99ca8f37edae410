namespace GitOpsBackup.EmbeddedCluster;

/// <summary>
/// A fault to inject into matching requests. Null filters match anything. Verb is the request log's
/// verb (get, list, watch, create, update, patch, apply, delete); Resource is the plural ("cronjobs").
/// </summary>
public sealed record FaultRule
{
    public string? Verb { get; init; }

    public string? Resource { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary>Answer with this status code (409, 429, 500, 503, …) instead of serving the request.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Wait this long before answering (or failing).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>How many matching requests the rule affects; null = every one until cleared.</summary>
    public int? Times { get; init; } = 1;

    /// <summary>Seconds in a Retry-After header (for 429/503).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>
    /// Called each time the rule applies, before the answer: a test kills its client at this exact request
    /// (the "crash mid-apply" cases). It runs on the server's request thread, so it must not block.
    /// </summary>
    public Action? OnMatch { get; init; }
}
