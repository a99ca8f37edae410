namespace GitOpsBackup.Specs.Model;

/// <summary>
/// Everything loaded from a config repo. Apps with errors are left out of <see cref="Apps"/> but
/// remembered in <see cref="BrokenApps"/> and <see cref="FilesWithErrors"/>, so their live objects
/// are left exactly as they are (never pruned, never changed).
/// </summary>
public sealed record SpecSet
{
    public required IReadOnlyList<HomelabBackup> Apps { get; init; }

    public BackupDefaults? Defaults { get; init; }

    public ExternalClone? ExternalClone { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>Apps whose spec has an error, where the name and namespace could still be told.</summary>
    public IReadOnlySet<AppKey> BrokenApps { get; init; } = new HashSet<AppKey>();

    /// <summary>Repo-relative paths of spec files with at least one error.</summary>
    public IReadOnlySet<string> FilesWithErrors { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// PersistentVolumeClaim names defined in the repo's manifests, by folder ("" is the root); a folder
    /// also lists the claims of its subfolders. The diff uses it to tell a volume dropped from a spec
    /// while its PVC stays (data silently unprotected) from one whose PVC went too.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> ClaimsByFolder { get; init; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);

    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
