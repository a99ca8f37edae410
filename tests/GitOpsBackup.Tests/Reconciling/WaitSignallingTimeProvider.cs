using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>
/// A fake clock that hands each wait asked of it (a timer's due time) to the test as it is asked, so the
/// test advances the clock only once the code under test is really waiting, and sees how long it waits.
/// </summary>
internal sealed class WaitSignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>The next wait asked for (in order; each returned once).</summary>
    public ValueTask<TimeSpan> NextWaitAsync(CancellationToken cancellationToken) => _waits.Reader.ReadAsync(cancellationToken);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _waits.Writer.TryWrite(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
