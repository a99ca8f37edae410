using k8s;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>Rendered objects as YAML: one document each, in the given order, '---' between them.</summary>
public static class RenderedYaml
{
    // The text of the last few objects stamped on this thread (ObjectStamp serialises each once, for its hash), so a
    // caller that writes each object as it is rendered (render) does not serialise it again. A few, not all: a long-lived
    // pass keeps its objects, and must not keep their text. Used only while the object still carries the same revision
    // and hash (the render cache moves a reused object's revision; such an object is written anew).
    private const int Kept = 4;

    [ThreadStatic]
    private static Made?[]? _recent;

    [ThreadStatic]
    private static int _next;

    public static string Serialize(DesiredObject desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var annotations = desired.Resource.Metadata?.Annotations;
        foreach (var made in _recent ?? [])
        {
            if (made is not null && ReferenceEquals(made.Resource, desired.Resource)
                && annotations is not null
                && annotations.TryGetValue(Ownership.RevisionAnnotation, out var revision) && revision == made.Revision
                && annotations.TryGetValue(Ownership.SpecHashAnnotation, out var hash) && hash == made.Hash)
            {
                return made.Yaml;
            }
        }

        return Normalize(YamlWriter.Serialize(desired.Resource));
    }

    public static string SerializeAll(IEnumerable<DesiredObject> objects) =>
        string.Join("---\n", objects.Select(Serialize));

    internal static void Keep(IKubernetesObject<V1ObjectMeta> resource, string yaml, string revision, string hash)
    {
        _recent ??= new Made?[Kept];
        _recent[_next] = new Made(resource, Normalize(yaml), revision, hash);
        _next = (_next + 1) % Kept;
    }

    private static string Normalize(string yaml)
    {
        var text = yaml.ReplaceLineEndings("\n");
        return text.EndsWith('\n') ? text : text + "\n";
    }

    private sealed record Made(object Resource, string Yaml, string Revision, string Hash);
}
