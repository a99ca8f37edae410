using System.Globalization;

namespace GitOpsBackup.Tests.Reliability;

/// <summary>How big a fault campaign is. <c>make test</c> runs the default; <c>make reliability</c> and <c>make soak</c> set the environment.</summary>
internal sealed record CampaignOptions
{
    public int Seed { get; init; } = 20261202;

    /// <summary>Stop once this many faults were injected (the round in flight finishes).</summary>
    public int Faults { get; init; } = 40;

    /// <summary>Soak: stop after this much real time instead (the fault count is then only a floor of zero).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Simulated seconds per real second: a one-minute poll interval is 50 ms.</summary>
    public double Speed { get; init; } = 1200;

    public int Nodes { get; init; } = 3;

    /// <summary>Replay: stop after this many rounds (RELIABILITY_ROUNDS), e.g. right after the round that broke a promise.</summary>
    public int? Rounds { get; init; }

    /// <summary>
    /// Campaigns run side by side, each with its own cluster, git daemon and seed (Seed, Seed+1, …) and its
    /// share of the faults: a campaign mostly waits for simulated time, so shards use the idle cores.
    /// </summary>
    public int Shards { get; init; } = 1;

    /// <summary>Shard <paramref name="index"/>'s options: its seed and its share of the faults.</summary>
    public CampaignOptions Shard(int index) => Shards == 1 ? this : this with
    {
        Seed = Seed + index,
        Faults = Faults == int.MaxValue ? Faults : (Faults / Shards) + (index < Faults % Shards ? 1 : 0),
        Shards = 1,
    };

    /// <summary>Apps app-1…app-N that spec changes add and remove.</summary>
    public int Pool { get; init; } = 8;

    public int DeclaredAtStart { get; init; } = 5;

    /// <summary>After a fault ends, the plan must be empty within this (simulated) time: a git back-off (5 min at most) plus a timed-out request (5 s real, 100 min simulated) fit.</summary>
    public TimeSpan ConvergenceBound { get; init; } = TimeSpan.FromMinutes(150);

    /// <summary>Where the report is also written (so make can print it whatever the test logger shows).</summary>
    public string? ReportFile { get; init; }

    /// <summary>RELIABILITY_SEED, RELIABILITY_FAULTS, RELIABILITY_MINUTES (soak), RELIABILITY_SPEED, RELIABILITY_SHARDS, RELIABILITY_ROUNDS, RELIABILITY_REPORT override the defaults.</summary>
    public static CampaignOptions FromEnvironment()
    {
        var options = new CampaignOptions();
        if (Number("RELIABILITY_SEED") is { } seed)
        {
            options = options with { Seed = seed };
        }

        if (Number("RELIABILITY_FAULTS") is { } faults)
        {
            options = options with { Faults = faults };
        }

        if (Number("RELIABILITY_SPEED") is { } speed)
        {
            options = options with { Speed = speed };
        }

        if (Number("RELIABILITY_SHARDS") is { } shards and > 0)
        {
            options = options with { Shards = shards };
        }

        if (Number("RELIABILITY_ROUNDS") is { } rounds and > 0)
        {
            options = options with { Rounds = rounds };
        }

        if (Number("RELIABILITY_MINUTES") is { } minutes)
        {
            options = options with { Duration = TimeSpan.FromMinutes(minutes), Faults = int.MaxValue };
        }

        return options with { ReportFile = Environment.GetEnvironmentVariable("RELIABILITY_REPORT") is { Length: > 0 } file ? file : null };
    }

    private static int? Number(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
