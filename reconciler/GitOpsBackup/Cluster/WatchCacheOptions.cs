namespace GitOpsBackup.Cluster;

/// <summary>How the watch cache lists, watches and backs off. The defaults suit a real cluster.</summary>
internal sealed record WatchCacheOptions
{
    public static WatchCacheOptions Default { get; } = new();

    /// <summary>Objects per list page (limit/continue).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>One list page (or the headers of a watch) must come within this time.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Asked of the server (timeoutSeconds): it then ends the watch cleanly and we open the next one at once.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A watch still open this long after <see cref="WatchTimeout"/> is presumed dead (a connection lost
    /// without a reset, which plain HTTP/1.1 never notices) and is reopened after a back-off.
    /// </summary>
    public TimeSpan WatchGrace { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The first reconnect delay after a failed list or watch; it doubles (with jitter) up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts at the first list of a kind (transient errors only) before StartAsync gives up.</summary>
    public int StartAttempts { get; init; } = 4;

    /// <summary>Source of the back-off jitter (values in [0, 1)); null uses Polly's thread-safe default. Tests seed it.</summary>
    public Func<double>? Randomizer { get; init; }
}
