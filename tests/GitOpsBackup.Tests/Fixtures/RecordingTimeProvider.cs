using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>A fake clock that also records every wait asked of it (each timer's due time), so a test sees the waits themselves.</summary>
internal sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _waits.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>
    /// Lets <paramref name="run"/> go on to its end, moving the clock by exactly each wait it asks for;
    /// returns the waits in order.
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> RunThroughWaitsAsync(Task run)
    {
        var passed = 0;
        for (var spins = 0; spins < 2000 && !run.IsCompleted; spins++)
        {
            var waits = Waits;
            if (waits.Count > passed)
            {
                Advance(waits[passed++]);
                continue;
            }

            // The loop is between two waits (running the operation): let it get to the next one.
            await Task.Delay(1);
        }

        Assert.True(run.IsCompleted, $"still running after {passed} waits");
        return Waits;
    }
}
