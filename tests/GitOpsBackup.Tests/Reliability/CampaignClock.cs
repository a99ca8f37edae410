namespace GitOpsBackup.Tests.Reliability;

/// <summary>
/// The campaign's simulated time: it runs <c>speed</c> times faster than the real clock (timers fire
/// after 1/speed of their span), and can jump forward over a quiet day so nights come quickly. Every
/// part of the world reads it: the embedded cluster, the watch cache, the git source and the loop.
/// </summary>
internal sealed class CampaignClock(DateTimeOffset start, double speed) : TimeProvider
{
    private long _origin = System.GetTimestamp();
    private long _jumped;

    public double Speed => speed;

    /// <summary>Starts the clock again at its start time: the set-up's real seconds must not become simulated hours.</summary>
    public void Restart() => Interlocked.Exchange(ref _origin, System.GetTimestamp());

    public override DateTimeOffset GetUtcNow() =>
        start + TimeSpan.FromTicks(Interlocked.Read(ref _jumped) + (long)(System.GetElapsedTime(Interlocked.Read(ref _origin)).Ticks * speed));

    /// <summary>Moves the clock forward at once; timers already set still fire on their own (scaled) schedule.</summary>
    public void Jump(TimeSpan by) => Interlocked.Add(ref _jumped, by.Ticks);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    /// <summary>How long a simulated span takes for real.</summary>
    public TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / speed)));
}
