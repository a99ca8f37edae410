using System.Text.Json.Serialization;

namespace GitOpsBackup.Cycle;

/// <summary>One expected backup of the night and how it stands, as recorded in the night's summary.</summary>
/// <param name="Namespace">The app's namespace.</param>
/// <param name="App">The app's name.</param>
/// <param name="ScheduledAt">Its fire time (UTC).</param>
/// <param name="JobName">The Job that ran it; null when none appeared.</param>
/// <param name="Status">Where it stands.</param>
public sealed record NightRun(string Namespace, string App, DateTimeOffset ScheduledAt, string? JobName, RunStatus Status)
{
    [JsonIgnore]
    public string AppKey => $"{Namespace}/{App}";

    /// <summary>Finished one way or the other, or missed: nothing left to wait for.</summary>
    [JsonIgnore]
    public bool Settled => Status is not (RunStatus.Running or RunStatus.Waiting or RunStatus.Pending);

    /// <summary>The backup did its job (partial and empty runs included: they wrote what there was).</summary>
    [JsonIgnore]
    public bool Done => Status is RunStatus.Ok or RunStatus.Partial or RunStatus.Empty;
}
