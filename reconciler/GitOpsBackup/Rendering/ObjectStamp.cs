using k8s;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// Puts the ownership label and annotations on a rendered object, and its spec hash: the SHA-256
/// of the object's YAML without the revision annotation (and without the hash itself), so a
/// commit that leaves an app's spec alone gives the same hash and the planner need not write.
/// </summary>
internal static class ObjectStamp
{
    public static void Apply(IKubernetesObject<V1ObjectMeta> resource, string owner, string sourcePath, string revision)
    {
        var meta = resource.Metadata;
        meta.Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Ownership.OwnerAnnotation] = owner,
            [Ownership.SourcePathAnnotation] = sourcePath,
        };
        var hash = "sha256:" + Hashing.Sha256Hex(YamlWriter.Serialize(resource));

        // Sorted by key, so the YAML is stable.
        meta.Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [Ownership.OwnerAnnotation] = owner,
            [Ownership.RevisionAnnotation] = revision,
            [Ownership.SourcePathAnnotation] = sourcePath,
            [Ownership.SpecHashAnnotation] = hash,
        }.ToDictionary(StringComparer.Ordinal);
    }
}
