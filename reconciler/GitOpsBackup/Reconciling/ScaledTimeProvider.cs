namespace GitOpsBackup.Reconciling;

/// <summary>
/// A clock that runs <c>speed</c> times faster than the real one from a chosen start: the demo plays
/// a night in seconds through the same run code. It stands still at the start until <see cref="Start"/>,
/// so however long the set-up takes on a busy machine, the night begins on time. Timers fire after
/// 1/speed of their real time.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly double _speed;
    private long _startTimestamp = -1;

    public ScaledTimeProvider(DateTimeOffset start, double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        _start = start;
        _speed = speed;
    }

    /// <summary>Lets the clock run (from its start time). Calling it again changes nothing.</summary>
    public void Start() => Interlocked.CompareExchange(ref _startTimestamp, TimeProvider.System.GetTimestamp(), -1);

    public override DateTimeOffset GetUtcNow()
    {
        var since = Interlocked.Read(ref _startTimestamp);
        return since < 0 ? _start : _start + TimeSpan.FromTicks((long)(TimeProvider.System.GetElapsedTime(since).Ticks * _speed));
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / _speed)));
}
