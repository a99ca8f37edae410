using GitOpsBackup.Specs;

namespace GitOpsBackup.Tests.Specs;

public sealed class HashedCronTests
{
    [Theory]
    [InlineData("H H(1-4) * * *", "0 1 * * *", "59 4 * * *")]
    [InlineData("H(10-20) 3 * * H", "10 3 * * 0", "20 3 * * 6")]
    [InlineData("30 2 * * *", "30 2 * * *", "30 2 * * *")]
    [InlineData("@daily", "@daily", "@daily")]
    [InlineData("H H H H H", "0 0 1 1 0", "59 23 31 12 6")]
    public void Expand_PicksWithinTheFieldOrRange(string expression, string lowest, string highest)
    {
        Assert.Equal(lowest, HashedCron.Expand(expression, (_, min, _) => min));
        Assert.Equal(highest, HashedCron.Expand(expression, (_, _, max) => max));
    }

    [Fact]
    public void Expand_TellsThePickerWhichField()
    {
        var fields = new List<int>();
        HashedCron.Expand("H H * * H", (field, min, _) => { fields.Add(field); return min; });
        Assert.Equal([0, 1, 4], fields);
    }

    [Theory]
    [InlineData("H(0-60) * * * *", "minute field 'H(0-60)': the range must lie within 0-59 and go from low to high")]
    [InlineData("* * H(0-5) * *", "day of month field 'H(0-5)': the range must lie within 1-31")]
    [InlineData("* * * * H(3-9)", "day of week field 'H(3-9)': the range must lie within 0-6")]
    [InlineData("H/5 * * * *", "minute field 'H/5': H stands alone in a field, as H or H(a-b)")]
    [InlineData("* * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4")]
    [InlineData("@reboot", "unknown macro '@reboot'")]
    public void IsValid_RejectsBadForms_WithAReason(string expression, string reason)
    {
        Assert.False(HashedCron.IsValid(expression, out var error));
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }
}
