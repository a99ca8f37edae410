using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Specs;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Hostile;

/// <summary>
/// A spec of thousands of unknown keys (a paste gone wrong, or hostile; YamlLimits.MaxNodes allows 100,000)
/// lists the first 50 in file order and counts the rest in one finding at the first unlisted key, and its
/// cost stays small: it used to be one finding per key, each with its own "did you mean" search and list of
/// allowed fields (289 MiB and seconds for 20,000 keys).
/// </summary>
[Trait("Category", "Hostile")]
public sealed class UnknownFieldFloodTests(ITestOutputHelper output)
{
    private const string File = "apps/app/backup.yaml";
    private const int FirstKeyLine = 12; // App's header is 8 lines, MinimalBody 3

    private static string Flood(int keys) => SpecTexts.App(SpecTexts.MinimalBody + "\n" + string.Concat(Enumerable.Range(0, keys).Select(i => $"  k{i}: v\n")));

    [Fact]
    public void TwentyThousandUnknownFields_ListTheFirstFifty_CountTheRest_AndAllocateLittle()
    {
        // JIT, the schemas and the loader's statics first, so only the flood's own cost is counted.
        Findings.Load(SpecTexts.Repo(Flood(60)));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var set = Findings.Load(SpecTexts.Repo(Flood(20_000)));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"20,000 unknown keys: {allocated >> 20} MiB allocated");
        var unknown = set.Diagnostics.Where(d => d.Code == "unknown-field").ToList();
        Assert.Equal(51, unknown.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"unknown field 'k{i}' in spec"), unknown.Take(50).Select(d => d.Message));
        var rest = Findings.Single(set, "unknown-field", File, FirstKeyLine + 50, 3, "19950 more unknown fields from here on, the first 'k50' in spec");
        Assert.False(string.IsNullOrWhiteSpace(rest.Hint));
        // The YAML tree, its JSON copy and the schema library's per-key results are linear and stay; what went is per-finding work.
        Assert.True(allocated < 96L << 20, $"{allocated >> 20} MiB allocated for 20,000 unknown keys");
    }

    [Fact]
    public void FiftyUnknownFields_AreAllListed_WithoutACount()
    {
        var set = Findings.Load(SpecTexts.Repo(Flood(50)));

        var unknown = set.Diagnostics.Where(d => d.Code == "unknown-field").ToList();
        Assert.Equal(50, unknown.Count);
        Assert.All(unknown, d => Assert.StartsWith("unknown field 'k", d.Message, StringComparison.Ordinal));
        Assert.Equal(new SourceLocation(File, FirstKeyLine + 49, 3), unknown[^1].Location);
    }
}
