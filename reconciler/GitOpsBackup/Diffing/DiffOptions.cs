namespace GitOpsBackup.Diffing;

/// <summary>What the diff depends on besides the two revisions.</summary>
/// <param name="Now">From when the next runs of a schedule are counted (the caller's clock, never read here).</param>
public sealed record DiffOptions(DateTimeOffset Now)
{
    /// <summary>How many next runs to show before and after a schedule change.</summary>
    public int RunsShown { get; init; } = 3;
}
