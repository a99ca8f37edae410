namespace GitOpsBackup.Diffing;

/// <summary>One rendered object that differs, with its unified YAML diff (revision annotation left out).</summary>
public sealed record ObjectDiff(string Kind, string Namespace, string Name, ObjectChange Change, string UnifiedDiff)
{
    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
