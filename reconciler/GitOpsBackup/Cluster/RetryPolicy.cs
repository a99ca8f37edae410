using Polly;

namespace GitOpsBackup.Cluster;

/// <summary>
/// Retries an API call on 409, 429, 5xx and lost connections: a bounded number of attempts, capped
/// exponential back-off with jitter, Retry-After honoured (up to a cap), time taken from the injected
/// TimeProvider. The loop itself is <see cref="Resilience.Retry"/>.
/// </summary>
internal sealed record RetryPolicy
{
    public static RetryPolicy Default { get; } = new();

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The median first wait; later ones double.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A Retry-After longer than this is cut to it: one pass must not hang on a server's say-so.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Spread the waits (Polly's decorrelated jitter); off only where a test pins exact waits.</summary>
    public bool UseJitter { get; init; } = true;

    /// <summary>Where jitter draws from, values in [0, 1); null: Polly's own generator. Tests pin it.</summary>
    public Func<double>? Randomizer { get; init; }

    /// <summary>The retry loop on <paramref name="time"/>; build it once per client, it holds no per-call state.</summary>
    public ResiliencePipeline Pipeline(TimeProvider time) => Resilience.Retry(
        MaxAttempts,
        new Backoff(BaseDelay, MaxDelay) { Jitter = UseJitter, MaxRetryAfter = MaxRetryAfter },
        time,
        ex => ex is ClusterApiException { IsRetryable: true },
        ex => (ex as ClusterApiException)?.RetryAfter,
        Randomizer);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, TimeProvider time, CancellationToken cancellationToken) =>
        await Pipeline(time).ExecuteAsync(async ct => await operation(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
}
