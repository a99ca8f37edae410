using GitOpsBackup.Cluster;
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

    [Theory]
    [InlineData(1, null, 100)]
    [InlineData(2, null, 200)]
    [InlineData(3, null, 300)] // capped
    [InlineData(9, null, 300)]
    [InlineData(1, 3, 3000)]   // Retry-After honoured
    [InlineData(1, 60, 10000)] // ... up to a cap
    public void Delay_IsCappedExponential_OrRetryAfter(int attempt, int? retryAfterSeconds, int expectedMs)
    {
        var delay = Policy.DelayAfter(attempt, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
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
