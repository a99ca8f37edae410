namespace GitOpsBackup.Specs.Model;

/// <summary>An app is identified by its resolved namespace and its spec's metadata.name.</summary>
public sealed record AppKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
