namespace GitOpsBackup.Admission;

/// <summary>Where one Job's volumes let it run, with the reason a person reads on the Job.</summary>
/// <param name="Node">The node its volumes name (<see cref="JobPlacementVerdict.Pinned"/>, <see cref="JobPlacementVerdict.NodeUnavailable"/>), else null.</param>
/// <param name="Source">The strongest evidence among its volumes on that node.</param>
public sealed record JobPlacement(JobPlacementVerdict Verdict, string? Node, PlacementSource Source, string Reason);
