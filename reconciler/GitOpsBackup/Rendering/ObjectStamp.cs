using k8s;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// Puts the ownership label and annotations on a rendered object, and its spec hash: the SHA-256
/// of the object's YAML without the revision annotation (and without the hash itself), so a
/// commit that leaves an app's spec alone gives the same hash and the planner need not write.
/// The object is serialised once: the hashed text is the final text less those two annotation
/// entries, and the final text is kept for <see cref="RenderedYaml"/>.
/// </summary>
internal static class ObjectStamp
{
    // Same length and characters as a real hash, so the emitter lays the line out the same way.
    private static readonly string Placeholder = "sha256:" + new string('0', 64);

    public static void Apply(IKubernetesObject<V1ObjectMeta> resource, string owner, string sourcePath, string revision)
    {
        var meta = resource.Metadata;

        // Sorted by key, so the YAML is stable: owner, revision, source-path, spec-hash.
        meta.Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Ownership.OwnerAnnotation] = owner,
            [Ownership.RevisionAnnotation] = revision,
            [Ownership.SourcePathAnnotation] = sourcePath,
            [Ownership.SpecHashAnnotation] = Placeholder,
        };
        var yaml = YamlWriter.Serialize(resource);
        var hashed = WithoutEntries(yaml, Ownership.RevisionAnnotation, Ownership.SpecHashAnnotation);
        if (hashed is null)
        {
            // Not laid out as expected (never seen; a guard, not a path): hash the object as it was always hashed.
            meta.Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [Ownership.OwnerAnnotation] = owner,
                [Ownership.SourcePathAnnotation] = sourcePath,
            };
            hashed = YamlWriter.Serialize(resource);
            yaml = null;
        }

        var hash = "sha256:" + Hashing.Sha256Hex(hashed);
        meta.Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Ownership.OwnerAnnotation] = owner,
            [Ownership.RevisionAnnotation] = revision,
            [Ownership.SourcePathAnnotation] = sourcePath,
            [Ownership.SpecHashAnnotation] = hash,
        };
        if (yaml is not null)
        {
            var at = yaml.IndexOf(Placeholder, StringComparison.Ordinal);
            RenderedYaml.Keep(resource, string.Concat(yaml.AsSpan(0, at), hash, yaml.AsSpan(at + Placeholder.Length)), revision, hash);
        }
    }

    /// <summary>
    /// The YAML less the metadata.annotations entries named (each its key line and the lines of its value,
    /// which a block mapping indents deeper), or null when the text is not laid out as expected.
    /// A block mapping's entries are written one after another, each from a fresh line, so what is left is
    /// exactly what the emitter writes for the mapping without them.
    /// </summary>
    internal static string? WithoutEntries(string yaml, params string[] keys)
    {
        if (yaml.Contains('\r', StringComparison.Ordinal) || !yaml.StartsWith("apiVersion: ", StringComparison.Ordinal))
        {
            return null;
        }

        var block = yaml.IndexOf("\nmetadata:\n  annotations:\n", StringComparison.Ordinal);
        if (block < 0)
        {
            return null;
        }

        var text = yaml;
        foreach (var key in keys)
        {
            var start = text.IndexOf("\n    " + key + ": ", block, StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }

            // The entry runs to the next line indented 4 or less (the next key, or the end of the mapping).
            var end = start + 1;
            while (true)
            {
                var next = text.IndexOf('\n', end);
                if (next < 0 || next == text.Length - 1)
                {
                    return null;
                }

                end = next + 1;
                var indent = 0;
                while (end + indent < text.Length && text[end + indent] == ' ')
                {
                    indent++;
                }

                if (end + indent < text.Length && text[end + indent] != '\n' && indent <= 4)
                {
                    break;
                }
            }

            text = string.Concat(text.AsSpan(0, start + 1), text.AsSpan(end));
        }

        return text;
    }
}
