namespace GitOpsBackup.Bench;

/// <summary>
/// One line of the bench table: the work, the number of apps, wall and CPU seconds, peak resident
/// memory (MiB), what else was counted (requests by verb, writes, files parsed), and the issue-11
/// target the figure is held to with whether it was met (null: no target).
/// </summary>
internal sealed record BenchRow(string Work, int Apps, double? WallS, double? CpuS, double? PeakMiB, string Detail, string? Target = null, bool? Met = null);
