namespace GitOpsBackup.Cycle;

/// <summary>
/// A finished clone's result and why, in clone.sh's own words from its termination message
/// (<c>disk-full</c>, <c>wrong-disk</c>, …); <paramref name="Reason"/> is null when it said nothing.
/// </summary>
public sealed record CloneOutcome(CloneResult Result, string? Reason)
{
    public static CloneOutcome Ok { get; } = new(CloneResult.Ok, null);

    public bool Succeeded => Result == CloneResult.Ok;

    /// <summary>ok, partial, refused or failed.</summary>
    public string Word => Result switch
    {
        CloneResult.Ok => "ok",
        CloneResult.Partial => "partial",
        CloneResult.Refused => "refused",
        _ => "failed",
    };

    /// <summary>What it means for the disk, in a sentence's second half.</summary>
    public string Meaning => Result switch
    {
        CloneResult.Ok => "every bucket is on the disk and checked",
        CloneResult.Partial => "the disk filled up: the buckets copied before are complete, the rest are not on the disk",
        CloneResult.Refused => "nothing was copied: not the expected disk, not mounted, or too little room",
        _ => "the copy on the disk is not complete or not checked",
    };

    /// <summary>"ok", or "partial (disk-full)".</summary>
    public override string ToString() => Reason is null ? Word : $"{Word} ({Reason})";
}
