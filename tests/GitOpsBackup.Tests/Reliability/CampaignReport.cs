using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GitOpsBackup.Tests.Reliability;

/// <summary>What a campaign did and found, printed as the lines <c>make reliability</c> shows.</summary>
internal sealed class CampaignReport
{
    private readonly List<TimeSpan> _convergence = [];
    private int _hits;

    public Stopwatch Wall { get; } = new();

    /// <summary>The seeds of the shards this report sums (one for a single campaign).</summary>
    public List<int> Seeds { get; } = [];

    private TimeSpan? _wall;

    /// <summary>Real time: the campaign's own, or, for shards run side by side, the longest.</summary>
    public TimeSpan Elapsed => _wall ?? Wall.Elapsed;

    public int Injected { get; set; }

    /// <summary>One line per round, printed with RELIABILITY_TRACE=1 and, the last ones, when a promise broke.</summary>
    public List<string> Trace { get; } = [];

    public Dictionary<FaultKind, int> ByKind { get; } = [];

    public Dictionary<KillPoint, int> Kills { get; } = [];

    /// <summary>Armed kills whose request never came in time (no change reached that step): not counted as kills.</summary>
    public int KillsNotReached { get; set; }

    public int Passes { get; set; }

    public int Nights { get; set; }

    public int FailedStarts { get; set; }

    /// <summary>Simulation steps taken, and the real time the campaign spent in them (tick, checks, restarts): where a fault's wall time goes.</summary>
    public int Steps { get; set; }

    public TimeSpan StepTime { get; set; }

    public int Rounds => _convergence.Count;

    public int ApiRules { get; private set; }

    public int ApiHits => Volatile.Read(ref _hits);

    public int PeakPerNode { get; private set; }

    public int Clones { get; private set; }

    public IReadOnlyList<string> Violations { get; private set; } = [];

    public TimeSpan MaxConvergence => _convergence.Count == 0 ? TimeSpan.Zero : _convergence.Max();

    /// <summary>Nearest-rank 95th percentile.</summary>
    public TimeSpan P95Convergence => _convergence.Count == 0 ? TimeSpan.Zero : _convergence.Order().ElementAt((int)Math.Ceiling(0.95 * _convergence.Count) - 1);

    public void CountHit() => Interlocked.Increment(ref _hits);

    public void Converged(TimeSpan after) => _convergence.Add(after);

    public void Finish(Invariants invariants, int apiRules)
    {
        ApiRules = apiRules;
        PeakPerNode = invariants.PeakPerNode;
        Clones = invariants.ClonesCreated;
        Violations = [.. invariants.Violations];
    }

    /// <summary>Shards run side by side, summed: counts add up, convergence times pool, the peak is the highest, the wall the longest.</summary>
    public static CampaignReport Sum(IReadOnlyList<CampaignReport> shards)
    {
        if (shards.Count == 1)
        {
            return shards[0];
        }

        var sum = new CampaignReport { _wall = shards.Max(s => s.Elapsed) };
        foreach (var shard in shards)
        {
            var seed = shard.Seeds.FirstOrDefault();
            sum.Seeds.AddRange(shard.Seeds);
            sum._convergence.AddRange(shard._convergence);
            sum._hits += shard._hits;
            sum.Injected += shard.Injected;
            sum.Passes += shard.Passes;
            sum.Nights += shard.Nights;
            sum.FailedStarts += shard.FailedStarts;
            sum.KillsNotReached += shard.KillsNotReached;
            sum.Steps += shard.Steps;
            sum.StepTime += shard.StepTime;
            sum.ApiRules += shard.ApiRules;
            sum.Clones += shard.Clones;
            sum.PeakPerNode = Math.Max(sum.PeakPerNode, shard.PeakPerNode);
            sum.Trace.AddRange(shard.Trace.Select(line => $"[seed {seed}] {line}"));
            sum.Violations = [.. sum.Violations, .. shard.Violations.Select(v => $"[seed {seed}] {v}")];
            foreach (var (kind, n) in shard.ByKind)
            {
                sum.ByKind[kind] = sum.ByKind.GetValueOrDefault(kind) + n;
            }

            foreach (var (point, n) in shard.Kills)
            {
                sum.Kills[point] = sum.Kills.GetValueOrDefault(point) + n;
            }
        }

        return sum;
    }

    public string Print(CampaignOptions options)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        var seeds = Seeds.Count > 1 ? $"seeds {string.Join(", ", Seeds)} ({Seeds.Count} shards side by side)" : $"seed {options.Seed}";
        text.AppendLine(c, $"fault campaign: {seeds}, {options.Speed:0}x simulated time, {options.Nodes} nodes, {options.Pool} apps in the pool, git daemon behind a cutting proxy (SIMULATED cluster)");
        text.AppendLine(c, $"passes: {Passes} over {Rounds} rounds, {Nights} nights, {Clones} clones created, {FailedStarts} failed restarts retried");
        text.AppendLine(c, $"faults injected: {Injected} ({string.Join(", ", ByKind.OrderBy(k => k.Key).Select(k => $"{Name(k.Key)} {k.Value}"))})");
        text.AppendLine(c, $"api fault rules: {ApiRules}, requests hit: {ApiHits}");
        text.AppendLine(c, $"kills: {Kills.Values.Sum()} ({string.Join(", ", Kills.OrderBy(k => k.Key).Select(k => $"{Name(k.Key)} {k.Value}"))}; {KillsNotReached} armed but not reached)");
        text.AppendLine(c, $"convergence (simulated): max {Minutes(MaxConvergence)}, p95 {Minutes(P95Convergence)}");
        text.AppendLine(c, $"peak backups on one node: {PeakPerNode}");
        text.AppendLine(c, $"wall: {Elapsed.TotalSeconds:0} s ({Steps} steps, {StepTime.TotalSeconds:0} s of them in the campaign's own work)");
        var trace = Environment.GetEnvironmentVariable("RELIABILITY_TRACE") == "1" ? Trace : Violations.Count > 0 ? Trace.TakeLast(15) : [];
        foreach (var line in trace)
        {
            text.AppendLine(c, $"  {line}");
        }

        foreach (var violation in Violations)
        {
            text.AppendLine(c, $"VIOLATION {violation}");
        }

        text.AppendLine(c, $"violations: {Violations.Count}");
        return text.ToString();
    }

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.0 'min'", CultureInfo.InvariantCulture);

    private static string Name<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((ch, i) => i > 0 && char.IsUpper(ch) ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
