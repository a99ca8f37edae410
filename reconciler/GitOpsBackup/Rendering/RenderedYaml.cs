namespace GitOpsBackup.Rendering;

/// <summary>Rendered objects as YAML: one document each, in the given order, '---' between them.</summary>
public static class RenderedYaml
{
    public static string Serialize(DesiredObject desired) => Normalize(YamlWriter.Serialize(desired.Resource));

    public static string SerializeAll(IEnumerable<DesiredObject> objects) =>
        string.Join("---\n", objects.Select(Serialize));

    private static string Normalize(string yaml)
    {
        var text = yaml.ReplaceLineEndings("\n");
        return text.EndsWith('\n') ? text : text + "\n";
    }
}
