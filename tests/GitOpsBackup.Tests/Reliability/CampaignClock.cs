namespace GitOpsBackup.Tests.Reliability;

/// <summary>
/// The campaign's simulated time: it runs <c>speed</c> times faster than the real clock (timers fire
/// after 1/speed of their span), can jump forward over a quiet day so nights come quickly, and never
/// runs more than <see cref="Lead"/> ahead of the campaign's last step. The campaign's steps are the
/// cluster's control plane (Jobs start and finish only in a step), so while the campaign is held up
/// (restarting a killed reconciler, a starved thread pool on a loaded machine) the clock waits
/// instead of letting simulated hours pass with the cluster frozen. Every part of the world reads it:
/// the embedded cluster, the watch cache, the git source and the loop.
/// </summary>
internal sealed class CampaignClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly double _speed;
    private readonly TimeProvider _real;
    private readonly Lock _gate = new();
    private volatile Anchor _anchor;

    /// <param name="real">The real clock it scales (the system's; a fake one in its own tests).</param>
    public CampaignClock(DateTimeOffset start, double speed, TimeProvider? real = null)
    {
        _start = start;
        _speed = speed;
        _real = real ?? System;
        _anchor = new Anchor(_real.GetTimestamp(), start, start + Lead);
    }

    /// <summary>How far the clock may run past the campaign's last step: two steps.</summary>
    public static TimeSpan Lead { get; } = TimeSpan.FromSeconds(30);

    public double Speed => _speed;

    /// <summary>Starts the clock again at its start time: the set-up's real seconds must not become simulated hours.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            _anchor = new Anchor(_real.GetTimestamp(), _start, _start + Lead);
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        var anchor = _anchor;
        var scaled = anchor.At + TimeSpan.FromTicks((long)(_real.GetElapsedTime(anchor.Timestamp).Ticks * _speed));
        return scaled < anchor.Until ? scaled : anchor.Until;
    }

    /// <summary>
    /// The campaign took a step at the clock's present time: the clock may run on for <see cref="Lead"/>. If it
    /// was held, it goes on from where it stopped (the held real time is not simulated time).
    /// </summary>
    public void Stepped()
    {
        lock (_gate)
        {
            var now = GetUtcNow();
            _anchor = now >= _anchor.Until ? new Anchor(_real.GetTimestamp(), now, now + Lead) : _anchor with { Until = now + Lead };
        }
    }

    /// <summary>Moves the clock forward at once; timers already set still fire on their own (scaled) schedule.</summary>
    public void Jump(TimeSpan by)
    {
        lock (_gate)
        {
            _anchor = _anchor with { At = _anchor.At + by, Until = _anchor.Until + by };
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    /// <summary>How long a simulated span takes for real.</summary>
    public TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / _speed)));

    /// <summary>At real <paramref name="Timestamp"/> the clock read <paramref name="At"/>; it reads no later than <paramref name="Until"/>.</summary>
    private sealed record Anchor(long Timestamp, DateTimeOffset At, DateTimeOffset Until);
}
