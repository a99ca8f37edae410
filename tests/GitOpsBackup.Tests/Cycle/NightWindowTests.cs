using GitOpsBackup.Cycle;
using static GitOpsBackup.Tests.Cycle.CycleKit;

namespace GitOpsBackup.Tests.Cycle;

public sealed class NightWindowTests
{
    [Fact]
    public void WindowAt_OneInTheMorning_IsTheCycleThatStartedAtMidnight()
    {
        var window = NightCycle.WindowAt(Clone(), At("2026-05-10T01:00Z"));

        Assert.Equal(new NightWindow(new DateOnly(2026, 5, 10), At("2026-05-10T00:00Z"), At("2026-05-10T08:00Z")), window);
    }

    // A cycle lasts from its start to the next start: with start 00:00 the whole day is one cycle
    // (23:00 belongs to the cycle that began at 00:00 that day, its latest start long past); with
    // start 22:00 the evening before 22:00 still belongs to yesterday's cycle.
    [Theory]
    [InlineData("00:00", "08:00", "2026-05-10T00:00Z", "2026-05-10", "2026-05-10T00:00Z", "2026-05-10T08:00Z")]
    [InlineData("00:00", "08:00", "2026-05-10T23:00Z", "2026-05-10", "2026-05-10T00:00Z", "2026-05-10T08:00Z")]
    [InlineData("00:00", "08:00", "2026-05-10T23:59:59Z", "2026-05-10", "2026-05-10T00:00Z", "2026-05-10T08:00Z")]
    [InlineData("01:00", "08:00", "2026-05-10T00:59Z", "2026-05-09", "2026-05-09T01:00Z", "2026-05-09T08:00Z")]
    [InlineData("22:00", "06:00", "2026-05-10T22:00Z", "2026-05-10", "2026-05-10T22:00Z", "2026-05-11T06:00Z")]
    [InlineData("22:00", "06:00", "2026-05-11T03:00Z", "2026-05-10", "2026-05-10T22:00Z", "2026-05-11T06:00Z")]
    [InlineData("22:00", "06:00", "2026-05-11T21:59Z", "2026-05-10", "2026-05-10T22:00Z", "2026-05-11T06:00Z")]
    [InlineData("22:00", "06:00", "2026-05-10T21:00Z", "2026-05-09", "2026-05-09T22:00Z", "2026-05-10T06:00Z")]
    [InlineData("02:00", "02:00", "2026-05-10T03:00Z", "2026-05-10", "2026-05-10T02:00Z", "2026-05-11T02:00Z")]
    public void WindowAt_BelongsToTheLatestStartAtOrBeforeNow(string start, string latest, string now, string cycle, string expectedStart, string expectedLatest)
    {
        var window = NightCycle.WindowAt(Clone(start, latest), At(now));

        Assert.Equal(DateOnly.Parse(cycle, System.Globalization.CultureInfo.InvariantCulture), window.Cycle);
        Assert.Equal(At(expectedStart), window.Start);
        Assert.Equal(At(expectedLatest), window.LatestStart);
    }

    [Fact]
    public void WindowAt_CarriesTheCloneZonesOffset_SoItPrintsLocalTimes()
    {
        var window = NightCycle.WindowAt(Clone("00:00", "08:00", "Europe/Berlin"), At("2026-05-10T01:00Z"));

        Assert.Equal(At("2026-05-09T22:00Z"), window.Start);
        Assert.Equal(TimeSpan.FromHours(2), window.Start.Offset);
        Assert.Equal("08:00", window.LatestStart.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void WindowAt_StartInTheSpringGap_StartsWhenTheGapEnds()
    {
        // 2026-03-29 02:00 CET jumps to 03:00 CEST: 02:30 does not exist; 03:00 CEST is 01:00 UTC.
        var clone = Clone("02:30", "08:00", "Europe/Berlin");

        var window = NightCycle.WindowAt(clone, At("2026-03-29T01:00Z"));
        var before = NightCycle.WindowAt(clone, At("2026-03-29T00:59Z"));

        Assert.Equal(new DateOnly(2026, 3, 29), window.Cycle);
        Assert.Equal(At("2026-03-29T01:00Z"), window.Start);
        Assert.Equal(At("2026-03-29T06:00Z"), window.LatestStart);
        Assert.Equal(new DateOnly(2026, 3, 28), before.Cycle);
        Assert.Equal(At("2026-03-28T01:30Z"), before.Start);
    }

    [Fact]
    public void WindowAt_AmbiguousStartInTheFallBack_StartsAtTheFirstOccurrence()
    {
        // 2026-10-25 03:00 CEST goes back to 02:00 CET: 02:30 is 00:30 UTC (CEST), then again 01:30 UTC (CET).
        var clone = Clone("02:30", "08:00", "Europe/Berlin");

        var window = NightCycle.WindowAt(clone, At("2026-10-25T00:30Z"));

        Assert.Equal(new DateOnly(2026, 10, 25), window.Cycle);
        Assert.Equal(At("2026-10-25T00:30Z"), window.Start);
        Assert.Equal(At("2026-10-25T07:00Z"), window.LatestStart);
        Assert.Equal(new DateOnly(2026, 10, 24), NightCycle.WindowAt(clone, At("2026-10-25T00:29Z")).Cycle);
    }

    [Fact]
    public void WindowAt_LatestStartInTheGap_IsWhenTheGapEnds()
    {
        var window = NightCycle.WindowAt(Clone("00:00", "02:15", "Europe/Berlin"), At("2026-03-29T00:30Z"));

        Assert.Equal(At("2026-03-29T01:00Z"), window.LatestStart);
    }

    [Theory]
    [InlineData("7:00")]
    [InlineData("24:00")]
    [InlineData("")]
    public void WindowAt_RejectsATimeThatIsNotHHmm(string start) =>
        Assert.Throws<ArgumentException>(() => NightCycle.WindowAt(Clone(start), At("2026-05-10T01:00Z")));
}
