using GitOpsBackup.Specs.Model;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// One object the cluster should hold, and the app it belongs to (null for repo-wide objects).
/// The object carries the ownership label and annotations of <see cref="Ownership"/>.
/// </summary>
public sealed record DesiredObject(AppKey? App, IKubernetesObject<V1ObjectMeta> Resource)
{
    public string Kind => Resource.Kind;

    public string Namespace => Resource.Metadata.NamespaceProperty ?? "";

    public string Name => Resource.Metadata.Name;

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
