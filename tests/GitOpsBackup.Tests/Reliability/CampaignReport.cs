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

    public string Print(CampaignOptions options)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"fault campaign: seed {options.Seed}, {options.Speed:0}x simulated time, {options.Nodes} nodes, {options.Pool} apps in the pool, git daemon behind a cutting proxy (SIMULATED cluster)");
        text.AppendLine(c, $"passes: {Passes} over {Rounds} rounds, {Nights} nights, {Clones} clones created, {FailedStarts} failed restarts retried");
        text.AppendLine(c, $"faults injected: {Injected} ({string.Join(", ", ByKind.OrderBy(k => k.Key).Select(k => $"{Name(k.Key)} {k.Value}"))})");
        text.AppendLine(c, $"api fault rules: {ApiRules}, requests hit: {ApiHits}");
        text.AppendLine(c, $"kills: {Kills.Values.Sum()} ({string.Join(", ", Kills.OrderBy(k => k.Key).Select(k => $"{Name(k.Key)} {k.Value}"))}; {KillsNotReached} armed but not reached)");
        text.AppendLine(c, $"convergence (simulated): max {Minutes(MaxConvergence)}, p95 {Minutes(P95Convergence)}");
        text.AppendLine(c, $"peak backups on one node: {PeakPerNode}");
        text.AppendLine(c, $"wall: {Wall.Elapsed.TotalSeconds:0} s");
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
