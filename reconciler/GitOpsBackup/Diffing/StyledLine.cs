namespace GitOpsBackup.Diffing;

/// <summary>One line of the text report and how it may be coloured.</summary>
public sealed record StyledLine(LineStyle Style, string Text);
