namespace GitOpsBackup;

/// <summary>
/// How we mark the objects we own. Never Flux's or Argo CD's tracking labels: Argo would treat
/// objects carrying app.kubernetes.io/instance as its own and prune them.
/// </summary>
public static class Ownership
{
    public const string Group = "backup.homelab.dev";
    public const string ApiVersion = "backup.homelab.dev/v1alpha1";

    /// <summary>Ownership label (value <see cref="ManagedByValue"/>); prune looks only at objects with it.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "gitops-backup";

    /// <summary>The app's name, as a label for selectors and kubectl.</summary>
    public const string AppLabel = "backup.homelab.dev/app";

    /// <summary>Ownership annotation, set together with the label; both are needed before we delete anything.</summary>
    public const string OwnerAnnotation = "backup.homelab.dev/owner";

    public const string SourcePathAnnotation = "backup.homelab.dev/source-path";
    public const string RevisionAnnotation = "backup.homelab.dev/revision";
    public const string SpecHashAnnotation = "backup.homelab.dev/spec-hash";

    /// <summary>Set to "disabled" on a live object to keep prune away from it.</summary>
    public const string PruneAnnotation = "backup.homelab.dev/prune";
    public const string PruneDisabled = "disabled";

    /// <summary>The one field manager of every server-side apply.</summary>
    public const string FieldManager = "gitops-backup";
}
