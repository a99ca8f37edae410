using GitOpsBackup.Rendering;

namespace GitOpsBackup.Tests.Rendering;

public sealed class HashedScheduleTests
{
    [Theory]
    [InlineData("30 2 * * *")]
    [InlineData("@daily")]
    [InlineData("@weekly")]
    [InlineData("*/15 1-5 * * 1,3")]
    public void PlainSchedulesAndMacros_PassThrough(string schedule) =>
        Assert.Equal((schedule, (string?)null), HashedSchedule.Expand(schedule, "ns", "app"));

    [Theory]
    [InlineData("H 2 * * *", @"^(\d+) 2 \* \* \*$", 0, 59)]
    [InlineData("H(0-30) 3 * * *", @"^(\d+) 3 \* \* \*$", 0, 30)]
    [InlineData("0 H(1-5) * * *", @"^0 (\d+) \* \* \*$", 1, 5)]
    [InlineData("0 3 H * *", @"^0 3 (\d+) \* \*$", 1, 31)]
    [InlineData("0 3 * * H", @"^0 3 \* \* (\d+)$", 0, 6)]
    public void HashedField_GivesAValueInItsRange(string schedule, string pattern, int min, int max)
    {
        foreach (var app in Enumerable.Range(0, 50).Select(i => $"app-{i}"))
        {
            var (expanded, error) = HashedSchedule.Expand(schedule, "ns", app);

            Assert.Null(error);
            var value = int.Parse(System.Text.RegularExpressions.Regex.Match(expanded!, pattern).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(value, min, max);
        }
    }

    [Fact]
    public void HashedSchedule_IsStablePerApp_AndSpreadsApps()
    {
        var first = HashedSchedule.Expand("H 2 * * *", "media", "immich").Schedule;

        Assert.Equal(first, HashedSchedule.Expand("H 2 * * *", "media", "immich").Schedule);
        var minutes = Enumerable.Range(0, 40).Select(i => HashedSchedule.Expand("H 2 * * *", "ns", $"app-{i}").Schedule).Distinct().Count();
        Assert.True(minutes >= 20, $"40 apps landed on only {minutes} distinct minutes");
    }

    [Theory]
    [InlineData("H(30-10) 2 * * *")]
    [InlineData("H(0-99) 2 * * *")]
    [InlineData("Hx 2 * * *")]
    [InlineData("H/15 2 * * *")]
    [InlineData("H 2 * *")]
    [InlineData("H(0-99999999999) 2 * * *")]
    public void MalformedHashedSchedule_IsAnError(string schedule) =>
        Assert.NotNull(HashedSchedule.Expand(schedule, "ns", "app").Error);
}
