using GitOpsBackup.Cycle;
using GitOpsBackup.EmbeddedCluster.Simulation;
using static GitOpsBackup.Tests.Cycle.CycleKit;

namespace GitOpsBackup.Tests.Cycle;

/// <summary>The cycle expects exactly the runs the simulated CronJob controller fires, DST nights included.</summary>
public sealed class SimulatorAgreementTests
{
    [Theory]
    [InlineData("30 2 * * *", "2026-05-10T03:00Z")]
    [InlineData("30 2 * * *", "2026-03-29T03:00Z")]
    [InlineData("30 2 * * *", "2026-10-25T03:00Z")]
    [InlineData("*/30 * * * *", "2026-03-29T03:00Z")]
    [InlineData("*/30 * * * *", "2026-10-25T03:00Z")]
    [InlineData("15 1-5 * * *", "2026-10-25T03:00Z")]
    [InlineData("@hourly", "2026-10-25T03:00Z")]
    [InlineData("@daily", "2026-03-29T03:00Z")]
    public void ExpectedRuns_AreTheRunsTheSimulatorFires(string schedule, string during)
    {
        const string Zone = "Europe/Berlin";
        var window = NightCycle.WindowAt(Clone("00:00", "08:00", Zone), At(during));
        var expected = NightCycle.ExpectedRuns(window, [new CycleApp("home", "app", schedule, Zone)]);

        var fired = SimulatedFireTimes(schedule, Zone, window.Start, window.LatestStart);

        Assert.Equal(expected.Count, fired.Count);
        Assert.All(fired, at => Assert.Single(expected, run => run.ScheduledAt == at || run.RepeatAt == at));
    }

    // The simulator's controller ticks and remembers lastScheduleTime; tick it once a minute through the window.
    private static List<DateTimeOffset> SimulatedFireTimes(string schedule, string zone, DateTimeOffset from, DateTimeOffset to)
    {
        var fired = new List<DateTimeOffset>();
        var since = from.AddTicks(-1);
        for (var now = from; now < to; now = now.AddMinutes(1))
        {
            if (CronSchedule.LatestDue(schedule, zone, since, now) is { } due && due > since)
            {
                fired.Add(due);
                since = due;
            }
        }

        return fired;
    }
}
