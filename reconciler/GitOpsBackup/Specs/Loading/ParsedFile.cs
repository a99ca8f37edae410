namespace GitOpsBackup.Specs.Loading;

/// <summary>
/// What one file contributes, kept per (path, content id) so an unchanged file is never parsed again:
/// its spec documents, and the facts the cross-file steps need (Flux Kustomizations, kustomization.yaml, PVC names).
/// </summary>
internal sealed record ParsedFile
{
    public static ParsedFile Empty { get; } = new();

    /// <summary>Problems with the file itself (unreadable, not YAML); documents carry their own.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    public IReadOnlyList<SpecDocument> Specs { get; init; } = [];

    public IReadOnlyList<FluxKustomization> FluxKustomizations { get; init; } = [];

    public KustomizationFile? Kustomization { get; init; }

    /// <summary>Names of PersistentVolumeClaims this file defines.</summary>
    public IReadOnlyList<string> PvcNames { get; init; } = [];
}
