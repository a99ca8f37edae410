namespace GitOpsBackup.Specs.Yaml;

/// <summary>Bounds that keep hostile YAML (alias bombs, deep nesting) cheap to refuse.</summary>
internal sealed record YamlLimits
{
    public static YamlLimits Default { get; } = new();

    /// <summary>Deepest nesting of mappings and sequences; real manifests stay far below.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes in one file, counting every alias expansion (billion laughs stops here).</summary>
    public long MaxNodes { get; init; } = 200_000;
}
