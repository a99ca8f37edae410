namespace GitOpsBackup.Reporting;

/// <summary>One lane of the timeline: a node's backups, or the external clone.</summary>
/// <param name="Label">The node's name, or "external clone".</param>
/// <param name="Bars">Its runs, in time order.</param>
internal sealed record TimelineRow(string Label, IReadOnlyList<TimelineBar> Bars);
