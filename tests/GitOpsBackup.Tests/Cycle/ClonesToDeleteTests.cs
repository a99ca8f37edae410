using GitOpsBackup.Cycle;

namespace GitOpsBackup.Tests.Cycle;

public sealed class ClonesToDeleteTests
{
    private static (string, DateOnly) Clone(int day) => ($"external-clone-202605{day:00}", new DateOnly(2026, 5, day));

    [Fact]
    public void ClonesToDelete_KeepsTheLastThreeNights()
    {
        var doomed = NightCycle.ClonesToDelete([Clone(10), Clone(6), Clone(9), Clone(7), Clone(8)], new DateOnly(2026, 5, 10));

        Assert.Equal(["external-clone-20260506", "external-clone-20260507"], doomed);
    }

    [Fact]
    public void ClonesToDelete_KeepsLaterNights() =>
        Assert.Empty(NightCycle.ClonesToDelete([Clone(11), Clone(12)], new DateOnly(2026, 5, 10)));

    [Theory]
    [InlineData(1, 4)]
    [InlineData(5, 0)]
    public void ClonesToDelete_KeepsAsManyNightsAsAsked(int keep, int deleted) =>
        Assert.Equal(deleted, NightCycle.ClonesToDelete([Clone(6), Clone(7), Clone(8), Clone(9), Clone(10)], new DateOnly(2026, 5, 10), keep).Count);

    [Fact]
    public void ClonesToDelete_NeverTheCurrentNight() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NightCycle.ClonesToDelete([Clone(10)], new DateOnly(2026, 5, 10), keepNights: 0));
}
