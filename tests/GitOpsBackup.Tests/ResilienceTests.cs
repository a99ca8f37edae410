using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests;

/// <summary>The shared layer: the pure back-off schedule, and the retry loop with a zero back-off (git's interrupted calls).</summary>
public sealed class ResilienceTests
{
    private static readonly Backoff FiveSecondsToFiveMinutes = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(0, 0.9, 0)]       // no failure, no wait
    [InlineData(1, 0.0, 5)]       // a draw of 0 adds nothing
    [InlineData(1, 0.5, 6.25)]    // up to half the delay on top
    [InlineData(1, 1.0, 7.5)]
    [InlineData(3, 0.5, 25)]      // 20 s, plus a quarter
    [InlineData(6, 0.5, 200)]     // 160 s, plus a quarter
    [InlineData(6, 1.0, 240)]
    [InlineData(7, 0.0, 300)]     // the cap
    [InlineData(5, 1.0, 120)]
    [InlineData(6, 0.9, 232)]
    [InlineData(9, 0.7, 300)]     // capped after the jitter, as Polly caps with MaxDelay
    [InlineData(100, 0.3, 300)]   // no overflow
    public void Delay_IsCappedExponential_WithAdditiveJitter(int failures, double random, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Resilience.Delay(FiveSecondsToFiveMinutes, failures, random));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(4, 40)]
    [InlineData(7, 300)]
    public void Delay_WithoutJitter_IgnoresTheDraw(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Resilience.Delay(FiveSecondsToFiveMinutes with { Jitter = false }, failures, random: 0.9));

    [Fact]
    public void Retry_WithAZeroBackoff_RetriesAtOnce_UntilSuccess()
    {
        var time = new RecordingTimeProvider();
        var calls = 0;
        var pipeline = Resilience.Retry(5, new Backoff(TimeSpan.Zero, TimeSpan.Zero), time, ex => ex is IOException);

        var result = pipeline.Execute(_ => ++calls < 3 ? throw new IOException("interrupted") : "done", CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(3, calls);
        Assert.Empty(time.Waits);
    }

    [Fact]
    public void Retry_GivesUp_AfterMaxAttempts_WithTheLastError()
    {
        var calls = 0;
        var pipeline = Resilience.Retry(5, new Backoff(TimeSpan.Zero, TimeSpan.Zero), new RecordingTimeProvider(), ex => ex is IOException);

        var ex = Assert.Throws<IOException>(() => pipeline.Execute<string>(_ => throw new IOException($"interrupted {++calls}"), CancellationToken.None));

        Assert.Equal("interrupted 5", ex.Message);
    }

    [Fact]
    public void Retry_LeavesOtherErrors_Alone()
    {
        var calls = 0;
        var pipeline = Resilience.Retry(5, new Backoff(TimeSpan.Zero, TimeSpan.Zero), new RecordingTimeProvider(), ex => ex is IOException);

        Assert.Throws<InvalidOperationException>(() => pipeline.Execute<string>(_ => throw new InvalidOperationException($"bad {++calls}"), CancellationToken.None));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Retry_StopsOnceCancelled()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var pipeline = Resilience.Retry(5, new Backoff(TimeSpan.Zero, TimeSpan.Zero), new RecordingTimeProvider(), ex => ex is IOException);

        // Cancellation is the news then, not the error it interrupted.
        Assert.ThrowsAny<OperationCanceledException>(() => pipeline.Execute<string>(_ =>
        {
            calls++;
            cts.Cancel();
            throw new IOException("interrupted");
        }, cts.Token));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Retry_WithOneAttempt_IsNoRetry()
    {
        var calls = 0;
        var pipeline = Resilience.Retry(1, new Backoff(TimeSpan.Zero, TimeSpan.Zero), new RecordingTimeProvider(), _ => true);

        Assert.Throws<IOException>(() => pipeline.Execute<string>(_ => throw new IOException($"x {++calls}"), CancellationToken.None));
        Assert.Equal(1, calls);
    }
}
