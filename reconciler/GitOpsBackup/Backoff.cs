namespace GitOpsBackup;

/// <summary>
/// How long to wait after a failure: <see cref="Initial"/>, 2×, 4×, … up to <see cref="Max"/>, spread by
/// jitter. One shape for a retry loop and for a schedule; <see cref="Resilience"/> turns it into either.
/// </summary>
internal sealed record Backoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>
    /// Spread the waits so clients that failed together do not come back together. Switched off only
    /// where exact waits are the point (a test pinning them).
    /// </summary>
    public bool Jitter { get; init; } = true;

    /// <summary>A server's Retry-After longer than this is cut to it: one pass must not hang on a server's say-so.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);
}
