using DiffPlex.Renderer;
using GitOpsBackup.Rendering;

namespace GitOpsBackup.Diffing;

/// <summary>
/// The rendered objects at base and head → unified YAML diffs (DiffPlex), one per object that
/// differs. The revision annotation is left out (it differs on every commit and is informational);
/// objects of apps (or a clone) broken at head are left out too, because apply leaves them as they are.
/// </summary>
internal static class ObjectDiffer
{
    private const int ContextLines = 3;

    public static List<ObjectDiff> Compare(RevisionView before, RevisionView after)
    {
        var old = Index(before.Objects);
        var now = Index(after.Objects);
        var diffs = new List<ObjectDiff>();
        foreach (var key in old.Keys.Union(now.Keys).Order())
        {
            var a = old.GetValueOrDefault(key);
            var b = now.GetValueOrDefault(key);
            if (b is null && a is not null && (a.App is null ? after.CloneBroken(before.Clone) : after.LeavesAlone(a)))
            {
                continue;
            }

            var oldYaml = a is null ? "" : Yaml(a);
            var newYaml = b is null ? "" : Yaml(b);
            if (oldYaml == newYaml)
            {
                continue;
            }

            var change = a is null ? ObjectChange.Added : b is null ? ObjectChange.Removed : ObjectChange.Changed;
            var file = $"{key.Namespace}/{key.Kind}-{key.Name}.yaml";
            var diff = UnidiffRenderer.GenerateUnidiff(oldYaml, newYaml, a is null ? "/dev/null" : "a/" + file, b is null ? "/dev/null" : "b/" + file, false, false, ContextLines);
            diffs.Add(new ObjectDiff(key.Kind, key.Namespace, key.Name, change, diff.ReplaceLineEndings("\n")));
        }

        return diffs;
    }

    private static Dictionary<ObjectKey, DesiredObject> Index(IEnumerable<DesiredObject> objects) =>
        objects.ToDictionary(o => new ObjectKey(o.Kind, o.Namespace, o.Name));

    private static string Yaml(DesiredObject desired)
    {
        var prefix = Ownership.RevisionAnnotation + ":";
        var lines = RenderedYaml.Serialize(desired).Split('\n')
            .Where(line => !line.TrimStart().StartsWith(prefix, StringComparison.Ordinal));
        return string.Join('\n', lines);
    }

    private sealed record ObjectKey(string Kind, string Namespace, string Name) : IComparable<ObjectKey>
    {
        public int CompareTo(ObjectKey? other) =>
            other is null ? 1
            : string.CompareOrdinal(Kind, other.Kind) is var k and not 0 ? k
            : string.CompareOrdinal(Namespace, other.Namespace) is var n and not 0 ? n
            : string.CompareOrdinal(Name, other.Name);
    }
}
