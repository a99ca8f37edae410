using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Reliability;

/// <summary>
/// The campaign's clock waits for the campaign: a held-up step (a slow restart, a loaded machine) must not
/// become simulated hours in which the cluster, moved only by the steps, stood still. That is how a
/// backup once looked "suspended 4 h behind a running clone" whose pod had not been started yet.
/// </summary>
public sealed class CampaignClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public void RunsSpeedTimesFasterThanRealTime()
    {
        var real = new FakeTimeProvider();
        var clock = new CampaignClock(Start, 1200, real);

        real.Advance(TimeSpan.FromMilliseconds(10));

        Assert.Equal(Start + TimeSpan.FromSeconds(12), clock.GetUtcNow());
    }

    [Fact]
    public void AHeldUpCampaign_HoldsTheClockOneLeadPastItsLastStep()
    {
        var real = new FakeTimeProvider();
        var clock = new CampaignClock(Start, 1200, real);
        clock.Stepped();

        real.Advance(TimeSpan.FromSeconds(12)); // four simulated hours at 1200×, with no step taken

        Assert.Equal(Start + CampaignClock.Lead, clock.GetUtcNow());
    }

    [Fact]
    public void AfterAHold_TheClockGoesOnFromWhereItStopped()
    {
        var real = new FakeTimeProvider();
        var clock = new CampaignClock(Start, 1200, real);
        real.Advance(TimeSpan.FromSeconds(12));
        clock.Stepped();

        real.Advance(TimeSpan.FromMilliseconds(10));

        Assert.Equal(Start + CampaignClock.Lead + TimeSpan.FromSeconds(12), clock.GetUtcNow());
    }

    [Fact]
    public void StepsKeepTheClockRunning()
    {
        var real = new FakeTimeProvider();
        var clock = new CampaignClock(Start, 1200, real);
        for (var i = 0; i < 100; i++)
        {
            real.Advance(TimeSpan.FromMilliseconds(12.5)); // one 15 s step
            clock.Stepped();
        }

        Assert.Equal(Start + TimeSpan.FromMinutes(25), clock.GetUtcNow());
    }

    [Fact]
    public void AJumpMovesTheHoldToo()
    {
        var real = new FakeTimeProvider();
        var clock = new CampaignClock(Start, 1200, real);
        clock.Jump(TimeSpan.FromHours(20));

        real.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal(Start + TimeSpan.FromHours(20) + CampaignClock.Lead, clock.GetUtcNow());
    }
}
