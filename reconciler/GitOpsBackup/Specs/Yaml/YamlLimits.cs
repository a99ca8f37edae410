namespace GitOpsBackup.Specs.Yaml;

/// <summary>Bounds that keep hostile YAML (alias bombs, deep nesting) cheap to refuse. Each counts alias expansions where they are used.</summary>
internal sealed record YamlLimits
{
    public static YamlLimits Default { get; } = new();

    /// <summary>Deepest nesting of mappings and sequences, an alias's own levels included; real manifests stay far below.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes in one file, counting every alias expansion (billion laughs stops here).</summary>
    public long MaxNodes { get; init; } = 200_000;

    /// <summary>
    /// Most characters of keys, values and JSON pointers in one file once every alias is expanded: what
    /// validation copies. A few aliases of one long string, or many values under a long key, stop here.
    /// </summary>
    public long MaxExpandedChars { get; init; } = 16 * 1024 * 1024;
}
