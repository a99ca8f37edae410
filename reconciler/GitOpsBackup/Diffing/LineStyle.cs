namespace GitOpsBackup.Diffing;

/// <summary>How a line of the text report may be coloured on a terminal (plain when piped).</summary>
public enum LineStyle
{
    Plain,
    Heading,
    Added,
    Removed,
    Changed,
    Warning,
    Danger,
    Dim,
}
