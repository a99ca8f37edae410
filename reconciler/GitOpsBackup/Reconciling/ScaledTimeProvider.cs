namespace GitOpsBackup.Reconciling;

/// <summary>
/// A clock that runs <c>speed</c> times faster than the real one from a chosen start: the demo plays
/// a night in seconds through the same run code. Timers fire after 1/speed of their real time.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _startTimestamp;
    private readonly double _speed;

    public ScaledTimeProvider(DateTimeOffset start, double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        _start = start;
        _speed = speed;
        _startTimestamp = TimeProvider.System.GetTimestamp();
    }

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks((long)(TimeProvider.System.GetElapsedTime(_startTimestamp).Ticks * _speed));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / _speed)));
}
