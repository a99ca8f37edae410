using GitOpsBackup.Specs.Model;
using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Specs.Loading;

/// <summary>
/// One backup.homelab.dev document as read from its file, before any cross-file step. The model
/// value is set only when the document has no error; its namespace is filled in later.
/// </summary>
internal sealed record SpecDocument
{
    public required SpecKind Kind { get; init; }

    public required SourceLocation Location { get; init; }

    public string? Name { get; init; }

    public string? MetadataNamespace { get; init; }

    public SourceLocation? MetadataNamespaceLocation { get; init; }

    /// <summary>ExternalClone's spec.namespace, which wins over any resolved namespace.</summary>
    public string? SpecNamespace { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>HomelabBackup with an empty Namespace until namespace resolution.</summary>
    public HomelabBackup? App { get; init; }

    public BackupDefaults? Defaults { get; init; }

    /// <summary>ExternalClone with an empty Namespace when spec.namespace is not given.</summary>
    public ExternalClone? ExternalClone { get; init; }
}
