using GitOpsBackup.Cycle;
using GitOpsBackup.Rendering;
using static GitOpsBackup.Tests.Cycle.CycleKit;

namespace GitOpsBackup.Tests.Cycle;

public sealed class ExpectedRunsTests
{
    private static NightWindow BerlinNight(string nowUtc) => NightCycle.WindowAt(Clone("00:00", "08:00", "Europe/Berlin"), At(nowUtc));

    [Fact]
    public void ExpectedRuns_DailyInBerlin_IsOneRunInUtc()
    {
        var runs = NightCycle.ExpectedRuns(May10, [new CycleApp("home", "nextcloud", "30 2 * * *", "Europe/Berlin")]);

        var run = Assert.Single(runs);
        Assert.Equal(new ExpectedRun("home", "nextcloud", At("2026-05-10T00:30Z")), run);
        Assert.Equal(TimeSpan.Zero, run.ScheduledAt.Offset);
    }

    [Fact]
    public void ExpectedRuns_SpringForwardNight_SkipsTheLocalTimeThatDoesNotExist()
    {
        var window = BerlinNight("2026-03-29T03:00Z");

        Assert.Empty(NightCycle.ExpectedRuns(window, [new CycleApp("home", "nextcloud", "30 2 * * *", "Europe/Berlin")]));
        Assert.Single(NightCycle.ExpectedRuns(window, [new CycleApp("home", "nextcloud", "30 3 * * *", "Europe/Berlin")]));
    }

    [Fact]
    public void ExpectedRuns_FallBackNight_ExpectsTheTwiceOccurringTimeOnce_AtItsFirstOccurrence()
    {
        var window = BerlinNight("2026-10-25T03:00Z");

        var run = Assert.Single(NightCycle.ExpectedRuns(window, [new CycleApp("home", "nextcloud", "30 2 * * *", "Europe/Berlin")]));

        Assert.Equal(At("2026-10-25T00:30Z"), run.ScheduledAt);
        Assert.Equal(At("2026-10-25T01:30Z"), run.RepeatAt);
    }

    [Fact]
    public void ExpectedRuns_HashedSchedule_UsesTheExpandedMinute()
    {
        var (schedule, _) = HashedSchedule.Expand("H 2 * * *", "home", "nextcloud");
        var minute = int.Parse(schedule!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        var run = Assert.Single(NightCycle.ExpectedRuns(May10, [new CycleApp("home", "nextcloud", schedule, "UTC")]));

        Assert.Equal(At("2026-05-10T02:00Z").AddMinutes(minute), run.ScheduledAt);
    }

    [Fact]
    public void ExpectedRuns_EveryHalfHour_ExpectsEveryRunInTheWindow()
    {
        var runs = NightCycle.ExpectedRuns(May10, [new CycleApp("home", "mail", "*/30 * * * *", "UTC")]);

        Assert.Equal(16, runs.Count);
        Assert.Equal(At("2026-05-10T00:00Z"), runs[0].ScheduledAt);
        Assert.Equal(At("2026-05-10T07:30Z"), runs[^1].ScheduledAt);
    }

    [Theory]
    [InlineData("@daily", "UTC", 1)]
    [InlineData("@midnight", "Europe/Berlin", 0)] // 00:00 Berlin is 22:00 UTC the day before
    [InlineData("@hourly", "UTC", 8)]
    [InlineData("0 8 * * *", "UTC", 0)] // at the latest start: the next night's
    [InlineData("0 9 * * *", "UTC", 0)]
    [InlineData("not a cron", "UTC", 0)] // never fires in the cluster either
    [InlineData("0 2 * * *", "Not/AZone", 1)] // unknown zones fall back to UTC, as in the simulator
    public void ExpectedRuns_CountsRunsInsideStartToLatestStart(string schedule, string zone, int count) =>
        Assert.Equal(count, NightCycle.ExpectedRuns(May10, [new CycleApp("home", "app", schedule, zone)]).Count);

    [Fact]
    public void ExpectedRuns_SuspendedApp_IsNotWaitedFor() =>
        Assert.Empty(NightCycle.ExpectedRuns(May10, [new CycleApp("home", "app", "0 2 * * *", "UTC", Suspended: true)]));

    [Fact]
    public void ExpectedRuns_AreSortedByTimeThenNamespaceThenApp()
    {
        CycleApp[] apps =
        [
            new("media", "jellyfin", "0 3 * * *", "UTC"),
            new("media", "immich", "0 2 * * *", "UTC"),
            new("home", "nextcloud", "0 2 * * *", "UTC"),
        ];

        var runs = NightCycle.ExpectedRuns(May10, apps);

        Assert.Equal(["home/nextcloud", "media/immich", "media/jellyfin"], runs.Select(r => r.AppKey));
    }
}
