namespace GitOpsBackup.EmbeddedCluster;

/// <summary>
/// One API request as the embedded cluster saw it. Verb is one of get, list, watch, create, update,
/// patch, apply, delete, deletecollection, or discovery (for /api, /apis, /version, /openapi).
/// UserAgent tells clients apart (gitops-backup sends its replica identity in it).
/// </summary>
public sealed record RequestLogEntry(
    string Method,
    string Verb,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    int StatusCode,
    bool DryRun,
    string? FieldManager,
    string Path,
    string? UserAgent = null)
{
    /// <summary>A request that asks to change state (dry-run requests excluded).</summary>
    public bool IsWrite => !DryRun && Verb is "create" or "update" or "patch" or "apply" or "delete" or "deletecollection";
}
