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
/// Runs a target over the kept corpus, then over seeded generated cases, on worker threads (shards) watched for
/// hangs. Shard k of n takes cases k, k + n, ...: case i is the same input whatever the number of shards, and
/// each shard has its own target (a loader is not thread-safe). Counts allocations per case on its thread (a
/// budget, not a clock); the slowest case is reported as a figure. A failing input is written out so it can be
/// replayed and kept in the corpus.
/// </summary>
internal static class Campaign
{
    public static CampaignResult Run(string targetName, IReadOnlyList<(string Name, byte[] Bytes)> corpus, long generated, ulong seed,
        TimeSpan hangAfter, string? failuresDir, int shards = 1)
    {
        var violations = new List<string>();
        var workers = Enumerable.Range(0, Math.Max(1, shards)).Select(k => new Shard(FuzzTarget.Named(targetName)!, k, Math.Max(1, shards), violations, failuresDir)).ToList();
        foreach (var worker in workers)
        {
            worker.Start(corpus, generated, seed);
        }

        using var self = Process.GetCurrentProcess();
        while (workers.Any(w => !w.Join(TimeSpan.FromSeconds(1))))
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            if (workers.FirstOrDefault(w => w.HungFor(hangAfter, cpu)) is { } hung)
            {
                // The worker cannot be stopped; it is a background thread and the process reports and moves on.
                var name = hung.Current;
                lock (violations)
                {
                    violations.Add($"{targetName} {name}: no answer within {hangAfter.TotalSeconds:0} s (a hang){Saved(failuresDir, targetName, name, hung.Input)}");
                }

                return new(targetName, corpus.Count, generated, violations, workers.Max(w => w.MaxAllocated), workers.MaxBy(w => w.MaxAllocated)!.MostAllocating, hangAfter, name);
            }
        }

        var slowest = workers.MaxBy(w => w.MaxTicks)!;
        var allocating = workers.MaxBy(w => w.MaxAllocated)!;
        return new(targetName, corpus.Count, generated, violations, allocating.MaxAllocated, allocating.MostAllocating,
            TimeSpan.FromSeconds((double)slowest.MaxTicks / Stopwatch.Frequency), slowest.Slowest);
    }

    /// <summary>One worker thread and its figures.</summary>
    private sealed class Shard(FuzzTarget target, int index, int count, List<string> violations, string? failuresDir)
    {
        private Thread? _thread;
        private string _current = "";
        private byte[] _input = [];
        private long _startedAt = Stopwatch.GetTimestamp();
        private bool _done;
        private long _watchedCase;
        private TimeSpan _cpuAtStart;

        public long MaxAllocated { get; private set; }

        public string MostAllocating { get; private set; } = "";

        public long MaxTicks { get; private set; }

        public string Slowest { get; private set; } = "";

        public string Current => Volatile.Read(ref _current);

        public byte[] Input => Volatile.Read(ref _input);

        /// <summary>
        /// A case is hung when it ran hangAfter and the process had hangAfter of CPU meanwhile (a loop burns it), or ten
        /// times hangAfter whatever the CPU (a wait): a starved machine (load 60 on 2 cores) stalls a case without hanging it.
        /// </summary>
        public bool HungFor(TimeSpan hangAfter, TimeSpan processCpu)
        {
            var startedAt = Volatile.Read(ref _startedAt);
            if (startedAt != _watchedCase)
            {
                (_watchedCase, _cpuAtStart) = (startedAt, processCpu); // sampled within a second of the case's start
            }

            var ran = Stopwatch.GetElapsedTime(startedAt);
            return !Volatile.Read(ref _done) && ((ran > hangAfter && processCpu - _cpuAtStart > hangAfter) || ran > hangAfter * 10);
        }

        public bool Join(TimeSpan timeout) => _thread!.Join(timeout);

        public void Start(IReadOnlyList<(string Name, byte[] Bytes)> corpus, long generated, ulong seed)
        {
            _thread = new Thread(() =>
            {
                for (var i = index; i < corpus.Count; i += count)
                {
                    Case(corpus[i].Name, corpus[i].Bytes);
                }

                for (long i = index; i < generated; i += count)
                {
                    // One PCG per case: case i of a seed is the same input on every machine, whatever ran before it.
                    Case($"case {i} (seed {seed})", target.Inputs.Generate(new PCG((uint)i, seed), null, out _));
                }

                Volatile.Write(ref _done, true);
            }, 64 << 20)
            { IsBackground = true, Name = $"fuzz-{target.Name}-{index}" };
            _thread.Start();
        }

        private void Case(string name, byte[] input)
        {
            Volatile.Write(ref _current, name);
            Volatile.Write(ref _input, input);
            Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());
            var before = GC.GetAllocatedBytesForCurrentThread();
            string? broken = null;
            try
            {
                target.Run(input);
            }
            catch (FuzzViolation violation)
            {
                broken = violation.Message;
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var ticks = Stopwatch.GetTimestamp() - Volatile.Read(ref _startedAt);
            (MaxAllocated, MostAllocating) = allocated > MaxAllocated ? (allocated, name) : (MaxAllocated, MostAllocating);
            (MaxTicks, Slowest) = ticks > MaxTicks ? (ticks, name) : (MaxTicks, Slowest);
            if (allocated > target.MaxAllocatedBytes(input.Length))
            {
                broken = (broken is null ? "" : broken + "; ") + $"allocated {allocated >> 20} MiB, over the {target.MaxAllocatedBytes(input.Length) >> 20} MiB budget for {input.Length} bytes";
            }

            if (broken is not null)
            {
                lock (violations)
                {
                    violations.Add($"{target.Name} {name}: {broken}{Saved(failuresDir, target.Name, name, input)}");
                }
            }
        }
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

    private static string Saved(string? dir, string target, string name, byte[] input)
    {
        if (dir is null)
        {
            return "";
        }

        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"{target}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input))[..12]}.bin");
        File.WriteAllBytes(path, input);
        return $" (input saved to {path})";
    }
}
