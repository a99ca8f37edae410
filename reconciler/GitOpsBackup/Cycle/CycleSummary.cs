using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsBackup.Cycle;

/// <summary>
/// What the night looked like when the clone was created: written as JSON onto the clone Job
/// (annotation <see cref="Annotation"/>) so status can show it after any restart.
/// </summary>
/// <param name="Cycle">The night's cycle date.</param>
/// <param name="Reason">Why the clone was created now.</param>
/// <param name="Runs">Every expected backup of the night.</param>
public sealed record CycleSummary(DateOnly Cycle, string Reason, IReadOnlyList<NightRun> Runs)
{
    public const string Annotation = "backup.homelab.dev/night-summary";

    /// <summary>When the night's cycle started (the clone zone's offset); lets status draw the night without the repo. Absent in summaries written before it.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>The latest time the clone was to be created.</summary>
    public DateTimeOffset? LatestStart { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Runs whose backup did its job (ok, partial, empty).</summary>
    public int Done => Runs.Count(r => r.Done);

    /// <summary>Runs that failed, could not be placed, hit their deadline or were missed.</summary>
    public int Failed => Runs.Count(r => r.Settled && !r.Done);

    public int Total => Runs.Count;

    /// <summary>"ns/app (running)" for each run still awaited.</summary>
    public IReadOnlyList<string> NotFinished =>
        [.. Sorted(Runs).Where(r => !r.Settled).Select(r => $"{r.AppKey} ({Word(r.Status)})")];

    /// <summary>Compact JSON, runs ordered by namespace, app and time, so the same night gives the same text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this with { Runs = Sorted(Runs) }, Json);

    /// <summary>The summary read back from the annotation; null when it is not one (anyone may edit an annotation).</summary>
    public static CycleSummary? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CycleSummary>(json, Json) is { Reason: not null, Runs: not null } summary
                && summary.Runs.All(r => r is { Namespace: not null, App: not null })
                ? summary
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The status as written in JSON and reasons: ok, partial, …, deadline, missed, running, waiting, pending.</summary>
    public static string Word(RunStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    internal static IReadOnlyList<NightRun> Sorted(IEnumerable<NightRun> runs) =>
    [
        .. runs.OrderBy(r => r.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.App, StringComparer.Ordinal)
            .ThenBy(r => r.ScheduledAt),
    ];
}
