namespace GitOpsBackup.Specs.Yaml;

/// <summary>One document of a multi-document file: its root (null for an empty document) and where it starts.</summary>
internal sealed record YamlDocument(YamlNode? Root, int Line, int Column);
