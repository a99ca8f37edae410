using System.Globalization;
using GitOpsBackup.Fuzz;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Hostile;

/// <summary>
/// The hostile input campaign in the test run: each fuzz target (spec loader, namespace resolver, webhook
/// verifier) over its kept corpus (nasty YAML and payloads, every past crash) and seeded generated cases.
/// Every input ends in a finding with a place or a verdict, within the allocation budget; nothing escapes.
/// HOSTILE_CASES sets the number of cases (small here; <c>make hostile</c> runs 100,000).
/// </summary>
[Trait("Category", "Hostile")]
public sealed class HostileCampaignTests(ITestOutputHelper output)
{
    private static long Cases => long.TryParse(Environment.GetEnvironmentVariable("HOSTILE_CASES"), CultureInfo.InvariantCulture, out var n) ? n : 1500;

    public static TheoryData<string> Targets => [.. FuzzTarget.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryHostileInput_EndsInAFindingOrAVerdict_WithinBudget(string name)
    {
        var target = FuzzTarget.Named(name)!;
        using var writer = new StringWriter();

        var result = Assert.Single(Runner.Run([target], Cases * Share(name) / 10, seed: 12, Path.Combine(AppContext.BaseDirectory, "Corpus"), failuresDir: null, writer));

        output.WriteLine(writer.ToString());
        Assert.True(result.CorpusCases >= 10, $"the kept corpus of {name} was not found");
        Assert.True(result.Violations.Count == 0, writer.ToString());
    }

    private static int Share(string name) => name switch { "spec" => 5, "namespace" => 3, _ => 2 };
}
