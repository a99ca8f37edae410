using Polly;
using Polly.Retry;

namespace GitOpsBackup;

/// <summary>
/// The one resilience layer. A retry loop (a Kubernetes API call, an interrupted libgit2 call) is a
/// Polly pipeline built by <see cref="Retry"/>; a schedule (the git source's next poll after failed
/// ones) is computed by <see cref="Delay"/>. Both follow one <see cref="Backoff"/>: exponential from
/// its initial delay, jittered, capped, waited out on the injected clock.
/// </summary>
internal static class Resilience
{
    /// <summary>Jitter adds up to this share of a scheduled delay: Polly's own factor for its additive jitter.</summary>
    public const double JitterFactor = 0.5;

    /// <summary>
    /// Runs an operation up to <paramref name="maxAttempts"/> times (the first included) while it fails
    /// with an exception <paramref name="handles"/> accepts, waiting per <paramref name="backoff"/> (Polly's
    /// exponential back-off and its decorrelated jitter, capped at <see cref="Backoff.Max"/>) or, when
    /// <paramref name="retryAfter"/> reads one from the exception, as long as the server asked, up to
    /// <see cref="Backoff.MaxRetryAfter"/>. After the last attempt its exception is rethrown as is.
    /// </summary>
    /// <param name="random">Where jitter draws from, values in [0, 1); null: Polly's thread-safe generator. Tests pin it.</param>
    public static ResiliencePipeline Retry(
        int maxAttempts,
        Backoff backoff,
        TimeProvider time,
        Func<Exception, bool> handles,
        Func<Exception, TimeSpan?>? retryAfter = null,
        Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(backoff);
        ArgumentNullException.ThrowIfNull(handles);
        if (maxAttempts <= 1)
        {
            // Polly wants at least one retry; a single attempt is no retry at all.
            return ResiliencePipeline.Empty;
        }

        var options = new RetryStrategyOptions
        {
            MaxRetryAttempts = maxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            Delay = backoff.Initial,
            MaxDelay = backoff.Max,
            UseJitter = backoff.Jitter,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex and not OperationCanceledException && handles(ex)),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Exception is { } ex && retryAfter?.Invoke(ex) is { } asked ? Clamp(asked, backoff.MaxRetryAfter) : (TimeSpan?)null),
        };
        if (random is not null)
        {
            options.Randomizer = random;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(options).Build();
    }

    /// <summary>
    /// The wait after <paramref name="failures"/> failures in a row (none: zero), for a schedule that is
    /// not a loop: initial × 2^(failures−1), plus up to <see cref="JitterFactor"/> of that scaled by
    /// <paramref name="random"/> (in [0, 1); 0 = no jitter), capped at <see cref="Backoff.Max"/> after the
    /// jitter as Polly caps with MaxDelay. Polly's exponential jitter depends on the previous wait, so a
    /// pure function of the count takes Polly's additive rule instead; the curve and the cap are the same.
    /// </summary>
    public static TimeSpan Delay(Backoff backoff, int failures, double random)
    {
        ArgumentNullException.ThrowIfNull(backoff);
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        // Doubles, not ticks: past the cap the exact size no longer matters, and a double cannot overflow here.
        var ticks = backoff.Initial.Ticks * Math.Pow(2, Math.Min(failures - 1, 62));
        if (backoff.Jitter)
        {
            ticks += ticks * JitterFactor * Math.Clamp(random, 0, 1);
        }

        return ticks >= backoff.Max.Ticks ? backoff.Max : TimeSpan.FromTicks((long)Math.Round(ticks));
    }

    private static TimeSpan Clamp(TimeSpan asked, TimeSpan cap) =>
        asked < TimeSpan.Zero ? TimeSpan.Zero : asked > cap ? cap : asked;
}
