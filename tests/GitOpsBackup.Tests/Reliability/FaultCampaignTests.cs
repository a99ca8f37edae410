using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Reliability;

/// <summary>
/// The fault campaign as a test: 40 faults in <c>make test</c>; <c>make reliability</c> (1,000 faults) and
/// <c>make soak</c> (minutes, seed from the environment) run the same test with RELIABILITY_* set.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class FaultCampaignTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UnderInjectedFaults_KillsAndRestarts_EveryPromiseHolds()
    {
        var options = CampaignOptions.FromEnvironment();
        // Real time: a campaign that stops making progress is a failure, not a wait.
        using var deadline = new CancellationTokenSource(options.Duration is { } soak ? soak + TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(120 + options.Faults * 3.0));

        var report = CampaignReport.Sum(await Task.WhenAll(Enumerable.Range(0, options.Shards).Select(i => FaultCampaign.RunAsync(options.Shard(i), deadline.Token))));

        var text = report.Print(options);
        output.WriteLine(text);
        if (options.ReportFile is { } file)
        {
            await File.WriteAllTextAsync(file, text);
        }

        Assert.True(report.Injected >= Math.Min(options.Faults, 1), text);
        Assert.True(report.Rounds > 0 && report.Passes > 0, text);
        Assert.Empty(report.Violations);
    }
}
