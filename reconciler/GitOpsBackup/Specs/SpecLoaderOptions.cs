using GitOpsBackup.Specs.Yaml;

namespace GitOpsBackup.Specs;

/// <summary>Bounds of the loader. The defaults suit real repos; tests lower them to prove the limits.</summary>
public sealed record SpecLoaderOptions
{
    public static SpecLoaderOptions Default { get; } = new();

    /// <summary>A YAML file larger than this is reported, not read (a CRD bundle may be a few MiB; .sourceignore it if bigger).</summary>
    public long MaxFileBytes { get; init; } = 4 * 1024 * 1024;

    internal YamlLimits Yaml { get; init; } = YamlLimits.Default;
}
