namespace GitOpsBackup.Specs.Yaml;

/// <summary>The documents read from one file, and the first error that stopped the reading (if any).</summary>
internal sealed record YamlReadResult(IReadOnlyList<YamlDocument> Documents, YamlReadError? Error);

/// <summary>Why a file could not be read, with a 1-based position and a hint.</summary>
internal sealed record YamlReadError(int Line, int Column, string Code, string Message, string? Hint);
