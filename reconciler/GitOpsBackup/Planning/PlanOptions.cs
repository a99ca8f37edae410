namespace GitOpsBackup.Planning;

/// <summary>Knobs of the planner.</summary>
/// <param name="AllowMassPrune">Let one pass delete all, or more than <paramref name="MaxPruneShare"/>, of the managed apps.</param>
/// <param name="MaxPruneShare">Largest share (0..1) of managed apps one pass may delete without <paramref name="AllowMassPrune"/>.</param>
internal sealed record PlanOptions(bool AllowMassPrune = false, double MaxPruneShare = 0.5)
{
    public static PlanOptions Default { get; } = new();
}
