namespace GitOpsBackup.Specs.Loading;

/// <summary>A kustomization.yaml: its folder, its namespace: and its resources: (normalised repo-relative paths).</summary>
internal sealed record KustomizationFile(string Folder, string? Namespace, IReadOnlyList<string> Resources, SourceLocation Location);
