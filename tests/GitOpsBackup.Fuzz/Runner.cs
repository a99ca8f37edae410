namespace GitOpsBackup.Fuzz;

/// <summary>A campaign over several targets, the cases split by <see cref="Share"/>, with the figures printed.</summary>
internal static class Runner
{
    /// <summary>Hang guard, not a budget: a slow case is a figure, only one with no answer after this much CPU (ten times this of waiting) is a violation.</summary>
    public static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(60);

    /// <param name="shards">Worker threads per target (the machine's cores for `make hostile`); the cases tried do not depend on it.</param>
    public static List<CampaignResult> Run(IReadOnlyList<FuzzTarget> targets, long cases, ulong seed, string corpusDir, string? failuresDir, TextWriter output, int shards = 1)
    {
        var results = new List<CampaignResult>();
        var totalShare = targets.Sum(Share);
        foreach (var target in targets)
        {
            var corpus = Campaign.Corpus(target, corpusDir);
            var generated = Math.Max(0, (cases * Share(target) / totalShare) - corpus.Count);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = Campaign.Run(target.Name, corpus, generated, seed, HangAfter, failuresDir, shards) with { Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started) };
            results.Add(result);
            output.WriteLine($"hostile {result.Target,-9}: {result.Cases,7} cases ({result.CorpusCases} kept, {result.GeneratedCases} generated, seed {seed}); "
                + $"at most {result.MaxAllocatedBytes >> 20} MiB ({result.MostAllocating}) and {result.MaxCaseTime.TotalMilliseconds:0} ms ({result.Slowest}) in one case; "
                + $"{result.Elapsed.TotalSeconds:0} s in all ({result.Cases / Math.Max(result.Elapsed.TotalSeconds, 0.001):0} cases/s, {shards} shard{(shards == 1 ? "" : "s")}); violations: {result.Violations.Count}");
            foreach (var violation in result.Violations.Take(20))
            {
                output.WriteLine("  " + violation);
            }
        }

        output.WriteLine($"hostile inputs tried: {results.Sum(r => r.Cases)}, violations: {results.Sum(r => r.Violations.Count)}");
        return results;
    }

    /// <summary>How the cases are split: the loader paths cost more per case than the webhook, and find more.</summary>
    private static int Share(FuzzTarget target) => target.Name switch { "spec" => 5, "namespace" => 3, _ => 2 };
}
