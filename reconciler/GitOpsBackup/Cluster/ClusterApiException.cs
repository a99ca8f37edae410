namespace GitOpsBackup.Cluster;

/// <summary>
/// A failed call to the API server, carrying only what is safe to log: the verb, the object, the
/// status code and the server's reason word. Never the request, its headers (the bearer token) or
/// any body: KubernetesClient's own exception holds all three, so it is never wrapped or chained.
/// </summary>
internal sealed class ClusterApiException : Exception
{
    public ClusterApiException(string message)
        : base(message)
    {
    }

    public ClusterApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClusterApiException()
    {
    }

    /// <summary>HTTP status, or 0 when no response came (connection refused, timeout).</summary>
    public int Status { get; init; }

    /// <summary>The Kubernetes Status reason word (NotFound, Conflict, Invalid, ...), when the server sent one.</summary>
    public string? Reason { get; init; }

    /// <summary>The server asked to wait this long (Retry-After) before trying again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>422 Invalid because a field that cannot change was changed: delete and recreate.</summary>
    public bool IsImmutableField { get; init; }

    public bool IsNotFound => Status == 404;

    /// <summary>Worth another try: no response, 409 Conflict, 429 Too Many Requests, 5xx.</summary>
    public bool IsRetryable => Status is 0 or 409 or 429 or >= 500;
}
