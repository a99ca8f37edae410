namespace GitOpsBackup.Planning;

/// <summary>One field that differs: its path and the live and desired values as compact JSON (null = absent).</summary>
internal sealed record FieldChange(string Path, string? Old, string? New)
{
    public override string ToString() => $"{Path}: {Old ?? "(none)"} → {New ?? "(none)"}";
}
