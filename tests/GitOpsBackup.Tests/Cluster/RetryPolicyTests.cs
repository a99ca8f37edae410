using GitOpsBackup.Cluster;
using GitOpsBackup.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Cluster;

public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new()
    {
        MaxAttempts = 4,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromMilliseconds(300),
        MaxRetryAfter = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Waits_AreCappedExponential_WithoutJitter()
    {
        var time = new RecordingTimeProvider();
        var policy = Policy with { MaxAttempts = 5, UseJitter = false };

        var waits = await time.RunThroughWaitsAsync(AlwaysFails(policy, time, retryAfter: null));

        Assert.Equal([100, 200, 300, 300], waits.Select(w => (int)w.TotalMilliseconds));
    }

    [Fact]
    public async Task Waits_AreJittered_WithinTheCap()
    {
        var time = new RecordingTimeProvider();
        var policy = Policy with { MaxAttempts = 5, Randomizer = () => 0.9 };

        var waits = await time.RunThroughWaitsAsync(AlwaysFails(policy, time, retryAfter: null));

        Assert.NotEqual([100, 200, 300, 300], waits.Select(w => (int)w.TotalMilliseconds));
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromTicks(1), Policy.MaxDelay));
    }

    [Theory]
    [InlineData(3, 3000)]   // Retry-After honoured, jitter or not
    [InlineData(60, 10000)] // ... up to a cap
    [InlineData(-5, 0)]     // a nonsensical one means "now"
    public async Task Waits_HonourRetryAfter_UpToACap(int retryAfterSeconds, int expectedMs)
    {
        var time = new RecordingTimeProvider();

        var waits = await time.RunThroughWaitsAsync(AlwaysFails(Policy, time, TimeSpan.FromSeconds(retryAfterSeconds)));

        int[] expected = expectedMs == 0 ? [] : [expectedMs, expectedMs, expectedMs];
        Assert.Equal(expected, waits.Select(w => (int)w.TotalMilliseconds));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(409, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(422, false)]
    public void Retries_OnlyTransientStatuses(int status, bool retryable) =>
        Assert.Equal(retryable, new ClusterApiException("x") { Status = status }.IsRetryable);

    [Fact]
    public async Task Retries_UntilSuccess_WaitingOnTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var run = Policy.RunAsync(_ => ++calls < 3 ? throw new ClusterApiException("busy") { Status = 503 } : Task.FromResult("ok"), time, CancellationToken.None);

        await AdvanceUntilAsync(run, time, () => calls);

        Assert.Equal("ok", await run);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task GivesUp_AfterMaxAttempts_WithTheLastError()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var run = Policy.RunAsync<string>(_ => throw new ClusterApiException($"busy {++calls}") { Status = 429 }, time, CancellationToken.None);

        await AdvanceUntilAsync(run, time, () => calls);

        var ex = await Assert.ThrowsAsync<ClusterApiException>(() => run);
        Assert.Equal("busy 4", ex.Message);
    }

    [Fact]
    public async Task DoesNotRetry_APermanentError()
    {
        var calls = 0;

        var ex = await Assert.ThrowsAsync<ClusterApiException>(() =>
            Policy.RunAsync<string>(_ => throw new ClusterApiException($"bad {++calls}") { Status = 422 }, new FakeTimeProvider(), CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Equal("bad 1", ex.Message);
    }

    // Each attempt fails the same way; the run ends with the last attempt's error, which the caller ignores.
    private static Task AlwaysFails(RetryPolicy policy, TimeProvider time, TimeSpan? retryAfter) =>
        policy.RunAsync<string>(_ => throw new ClusterApiException("busy") { Status = 503, RetryAfter = retryAfter }, time, CancellationToken.None)
            .ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    // The fake clock moves only when told: advance it while the retry loop waits.
    private static async Task AdvanceUntilAsync(Task run, FakeTimeProvider time, Func<int> calls)
    {
        for (var i = 0; i < 100 && !run.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
            await Task.Delay(1);
        }

        Assert.True(run.IsCompleted, $"still running after {calls()} calls");
    }
}
