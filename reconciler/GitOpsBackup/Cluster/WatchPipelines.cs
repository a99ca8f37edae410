using Polly;
using Polly.Retry;

namespace GitOpsBackup.Cluster;

/// <summary>The watch cache's Polly pipelines: exponential back-off with jitter on the injected clock.</summary>
internal static class WatchPipelines
{
    /// <summary>The first list of a kind: transient errors (and an expired continue token) a few times, then fail.</summary>
    public static ResiliencePipeline FirstList(WatchCacheOptions options, TimeProvider time, Action<Exception> onRetry) =>
        Build(options, time, onRetry, Math.Max(0, options.StartAttempts - 1),
            ex => ex is ClusterApiException api && (api.IsRetryable || api.Status == 410));

    /// <summary>
    /// Every later list and watch: retried for as long as the cache runs (permissions may be fixed, the
    /// server may come back), anything but our own cancellation. Polly counts attempts per execution,
    /// and an execution ends when a watch ends cleanly, so the back-off starts small again after that.
    /// </summary>
    public static ResiliencePipeline Reconnect(WatchCacheOptions options, TimeProvider time, Action<Exception> onRetry) =>
        Build(options, time, onRetry, int.MaxValue, _ => true);

    private static ResiliencePipeline Build(WatchCacheOptions options, TimeProvider time, Action<Exception> onRetry, int retries, Func<Exception, bool> handles)
    {
        var retry = new RetryStrategyOptions
        {
            MaxRetryAttempts = retries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.ReconnectDelay,
            MaxDelay = options.MaxReconnectDelay,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } ex
                && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)
                && handles(ex)),
            // A server that says how long to wait (429, 503) is believed, up to our longest delay.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                args.Outcome.Exception is ClusterApiException { RetryAfter: { } asked }
                    ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, options.MaxReconnectDelay.Ticks))
                    : null),
            OnRetry = args =>
            {
                if (args.Outcome.Exception is { } ex)
                {
                    onRetry(ex);
                }

                return ValueTask.CompletedTask;
            },
        };
        if (options.Randomizer is { } random)
        {
            retry.Randomizer = random;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(retry).Build();
    }
}
