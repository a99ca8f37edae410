using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Cluster.Watch;

/// <summary>
/// A fake clock that says when a short timer (a reconnect back-off) is scheduled, so a test moves time
/// on only once the cache is really waiting, and can look at the world in between.
/// </summary>
internal sealed class BackoffClock(TimeSpan longestBackoff) : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _scheduled = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= longestBackoff)
        {
            _scheduled.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Completes once per back-off scheduled since the last call.</summary>
    public async Task WaitForBackoffAsync(CancellationToken cancellationToken) => await _scheduled.Reader.ReadAsync(cancellationToken);

    /// <summary>Waits for the cache to back off, then lets the back-off run out.</summary>
    public async Task SkipBackoffAsync(CancellationToken cancellationToken)
    {
        await WaitForBackoffAsync(cancellationToken);
        Advance(longestBackoff);
    }
}
