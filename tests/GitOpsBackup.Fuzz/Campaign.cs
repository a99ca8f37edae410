using System.Diagnostics;
using CsCheck;

namespace GitOpsBackup.Fuzz;

/// <summary>What one target's campaign did.</summary>
internal sealed record CampaignResult(string Target, int CorpusCases, long GeneratedCases, IReadOnlyList<string> Violations, long MaxAllocatedBytes, string MostAllocating, TimeSpan MaxCaseTime, string Slowest)
{
    public long Cases => CorpusCases + GeneratedCases;

    public TimeSpan Elapsed { get; init; }
}

/// <summary>
/// Runs a target over the kept corpus, then over seeded generated cases, on a worker thread watched for
/// hangs. Counts allocations per case on that thread (a budget, not a clock); the slowest case is reported
/// as a figure. A failing input is written out so it can be replayed and kept in the corpus.
/// </summary>
internal static class Campaign
{
    public static CampaignResult Run(FuzzTarget target, IReadOnlyList<(string Name, byte[] Bytes)> corpus, long generated, ulong seed,
        TimeSpan hangAfter, string? failuresDir)
    {
        var violations = new List<string>();
        long maxAllocated = 0;
        long maxTicks = 0;
        var mostAllocating = "";
        var slowest = "";
        var current = "";
        long startedAt = 0;
        var done = false;

        void Case(string name, byte[] input)
        {
            Volatile.Write(ref current, name);
            Volatile.Write(ref startedAt, Stopwatch.GetTimestamp());
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                target.Run(input);
            }
            catch (FuzzViolation violation)
            {
                violations.Add($"{target.Name} {name}: {violation.Message}{Saved(failuresDir, target, name, input)}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var ticks = Stopwatch.GetTimestamp() - Volatile.Read(ref startedAt);
            (maxAllocated, mostAllocating) = allocated > maxAllocated ? (allocated, name) : (maxAllocated, mostAllocating);
            (maxTicks, slowest) = ticks > maxTicks ? (ticks, name) : (maxTicks, slowest);
            if (allocated > target.MaxAllocatedBytes(input.Length))
            {
                violations.Add($"{target.Name} {name}: allocated {allocated >> 20} MiB, over the {target.MaxAllocatedBytes(input.Length) >> 20} MiB budget for {input.Length} bytes{Saved(failuresDir, target, name, input)}");
            }
        }

        var hung = new byte[][] { [] };
        var worker = new Thread(() =>
        {
            foreach (var (name, bytes) in corpus)
            {
                hung[0] = bytes;
                Case(name, bytes);
            }

            for (long i = 0; i < generated; i++)
            {
                // One PCG per case: case i of a seed is the same input on every machine, whatever ran before it.
                var input = target.Inputs.Generate(new PCG((uint)i, seed), null, out _);
                hung[0] = input;
                Case($"case {i} (seed {seed})", input);
            }

            Volatile.Write(ref done, true);
        }, 64 << 20)
        { IsBackground = true, Name = $"fuzz-{target.Name}" };
        worker.Start();

        while (!worker.Join(TimeSpan.FromSeconds(1)))
        {
            if (Stopwatch.GetElapsedTime(Volatile.Read(ref startedAt)) > hangAfter && !Volatile.Read(ref done))
            {
                // The worker cannot be stopped; it is a background thread and the process reports and moves on.
                var name = Volatile.Read(ref current);
                violations.Add($"{target.Name} {name}: no answer within {hangAfter.TotalSeconds:0} s (a hang){Saved(failuresDir, target, name, hung[0])}");
                return new(target.Name, corpus.Count, generated, violations, maxAllocated, mostAllocating, hangAfter, name);
            }
        }

        return new(target.Name, corpus.Count, generated, violations, maxAllocated, mostAllocating, TimeSpan.FromSeconds((double)maxTicks / Stopwatch.Frequency), slowest);
    }

    /// <summary>The kept corpus of a target: Corpus/&lt;target&gt;/* beside the program, plus inputs made in code (too big to keep as files).</summary>
    public static List<(string Name, byte[] Bytes)> Corpus(FuzzTarget target, string corpusDir)
    {
        var dir = Path.Combine(corpusDir, target.Name);
        var files = Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList()
            : [];
        files.AddRange(BigCorpus.For(target.Name));
        return files;
    }

    private static string Saved(string? dir, FuzzTarget target, string name, byte[] input)
    {
        if (dir is null)
        {
            return "";
        }

        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{target.Name}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))[..12]}.bin");
        File.WriteAllBytes(path, input);
        return $" (input saved to {path})";
    }
}
