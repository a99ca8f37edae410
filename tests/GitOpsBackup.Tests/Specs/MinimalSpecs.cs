using System.Text;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Loading;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// Model records as the loader builds them from the smallest valid documents, so every schema default
/// is applied. Specs built in code start here and change what they need with `with`: no test
/// re-declares a default.
/// </summary>
internal static class MinimalSpecs
{
    /// <summary>SpecTexts.Defaults: endpoint, Secrets and images only.</summary>
    public static BackupDefaults Defaults { get; } = Read(SpecTexts.Defaults).Defaults!;

    /// <summary>An app with one PVC named data (its namespace is empty until resolution).</summary>
    public static HomelabBackup App { get; } = Read(SpecTexts.App(SpecTexts.MinimalBody)).App!;

    /// <summary>An ExternalClone in the given mode, with only what the mode needs.</summary>
    public static ExternalClone Clone(CloneMode mode) => Read(mode == CloneMode.Device
        ? SpecTexts.Clone
        : SpecTexts.Clone.Replace("mode: device\n  device:\n    path: /dev/sdb1", "mode: volume\n  volume:\n    claimName: external-disk", StringComparison.Ordinal)).ExternalClone!;

    /// <summary>One document read as the loader reads it (schema, checks, model); fails on any error.</summary>
    public static SpecDocument Read(string yaml)
    {
        var bytes = Encoding.UTF8.GetBytes(yaml);
        var parsed = FileParser.Parse(new RepoFile("spec.yaml", "minimal", bytes.Length, () => bytes), SpecLoaderOptions.Default);
        var document = Assert.Single(parsed.Specs);
        Assert.False(document.HasErrors, string.Join('\n', document.Diagnostics));
        return document;
    }
}
