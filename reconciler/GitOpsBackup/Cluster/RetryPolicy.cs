namespace GitOpsBackup.Cluster;

/// <summary>
/// Capped exponential backoff for 409, 429, 5xx and lost connections: a bounded number of
/// attempts, Retry-After honoured (up to a cap), time taken from the injected TimeProvider.
/// </summary>
internal sealed record RetryPolicy
{
    public static RetryPolicy Default { get; } = new();

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A Retry-After longer than this is cut to it: one pass must not hang on a server's say-so.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before attempt <paramref name="attempt"/>+1 (attempt counts from 1).</summary>
    public TimeSpan DelayAfter(int attempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > MaxRetryAfter ? MaxRetryAfter : asked;
        }

        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken);
            }
            catch (ClusterApiException ex) when (ex.IsRetryable && attempt < MaxAttempts)
            {
                await Task.Delay(DelayAfter(attempt, ex.RetryAfter), time, cancellationToken);
            }
        }
    }
}
