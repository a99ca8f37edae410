using System.CommandLine;
using GitOpsBackup.Cli;

namespace GitOpsBackup.Tests.Cli;

/// <summary>--interval and --resync: durations as Kubernetes and Flux write them, and a clear error for anything else.</summary>
public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h0m5s", 3605)]
    [InlineData("30m1h", 5400)] // any order, as units add up
    [InlineData("0090s", 90)]
    [InlineData("0s", 0)] // a duration; the option then rejects it as not positive
    [InlineData("00:05:00", 300)]
    [InlineData("1:30", 5400)] // hh:mm
    [InlineData("1.02:00:00", 93600)] // d.hh:mm:ss
    [InlineData("999999999s", 999999999)] // nine digits is the most a unit takes
    public void TryParse_AcceptsUnitsAndClockTimes(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var span), text);
        Assert.Equal(TimeSpan.FromSeconds(seconds), span);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")] // no unit
    [InlineData("1h30")] // a trailing number without a unit
    [InlineData("m")] // a unit without a number
    [InlineData("1d")] // days are not a Kubernetes duration unit
    [InlineData("5M")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("5 m")]
    [InlineData(" 5m")]
    [InlineData("5m ")]
    [InlineData("1h-30m")]
    [InlineData("25:00:00")] // not a clock time, and not units either
    [InlineData("\u0663m")] // an Arabic-Indic digit is not an ASCII digit
    [InlineData("1234567890s")] // ten digits
    [InlineData("999999999h")] // past TimeSpan.MaxValue
    [InlineData("256204778h256204778h")] // each fits, the sum does not
    public void TryParse_RejectsEverythingElse_WithoutThrowing(string text)
    {
        Assert.False(Durations.TryParse(text, out _), $"'{text}' was accepted");
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    [InlineData("soon")]
    public void Option_RejectsZeroNegativeAndWords_NamingTheValue(string text)
    {
        var (value, errors) = ParseInterval(text);

        var error = Assert.Single(errors);
        Assert.Equal($"'{text}' is not a duration: use e.g. 30s, 5m, 1h30m", error);
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Fact]
    public void Option_TakesAValidDuration()
    {
        var (value, errors) = ParseInterval("1h30m");

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMinutes(90), value);
    }

    private static (TimeSpan Value, IReadOnlyList<string> Errors) ParseInterval(string text)
    {
        var interval = new Option<TimeSpan>("--interval") { CustomParser = Durations.Parse };
        var result = new RootCommand { interval }.Parse(["--interval", text]);
        return (result.Errors.Count == 0 ? result.GetValue(interval) : TimeSpan.Zero, result.Errors.Select(e => e.Message).ToList());
    }
}
