namespace GitOpsBackup.Rendering;

/// <summary>
/// The "rendered manifests" layout: one file per object at &lt;namespace&gt;/&lt;kind&gt;-&lt;name&gt;.yaml
/// (kind lower-cased), so Flux or Argo CD can apply the folder and a PR diff shows one file per app.
/// </summary>
public static class RenderedFiles
{
    public static IReadOnlyList<(string RelativePath, string Yaml)> Layout(IEnumerable<DesiredObject> objects) =>
        objects.Select(o => (Path(o), RenderedYaml.Serialize(o))).ToList();

    public static string Path(DesiredObject desired) =>
        $"{desired.Namespace}/{desired.Kind.ToLowerInvariant()}-{desired.Name}.yaml";

    /// <summary>Whether a file's text is one of ours (it carries our managed-by label), so a re-render may replace or remove it.</summary>
    public static bool IsOurs(string yaml) =>
        yaml.Contains($"{Ownership.ManagedByLabel}: {Ownership.ManagedByValue}", StringComparison.Ordinal);
}
