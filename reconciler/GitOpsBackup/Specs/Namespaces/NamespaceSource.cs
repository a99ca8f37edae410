namespace GitOpsBackup.Specs.Namespaces;

/// <summary>Where a folder's namespace comes from: the value, who sets it (for messages) and where that is written.</summary>
internal sealed record NamespaceSource(string Namespace, string Description, SourceLocation Location);
