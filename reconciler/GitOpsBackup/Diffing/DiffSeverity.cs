namespace GitOpsBackup.Diffing;

/// <summary>How loudly a finding is reported. Warnings and dangers are listed first, dangers before warnings.</summary>
public enum DiffSeverity
{
    /// <summary>A change worth knowing, nothing lost.</summary>
    Info,

    /// <summary>Less is kept, copied or confined than before (retention shrinks, privileges widen, a copy stops).</summary>
    Warning,

    /// <summary>Data stops being protected: a volume or app loses its backup while its PVC is still in the manifests.</summary>
    Danger,
}
