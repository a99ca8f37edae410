using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Specs.Checks;

/// <summary>
/// Kubernetes names (DNS-1123) met outside a spec's own fields (a Flux targetNamespace, a PVC volume, a
/// restore target), checked against the schema's dnsLabel and dnsSubdomain: the rule lives in the schema only.
/// </summary>
internal static class Names
{
    public static string? LabelError(string name) => SchemaRules.Error(SpecKind.HomelabBackup, "#/$defs/dnsLabel", name);

    public static string? SubdomainError(string name) => SchemaRules.Error(SpecKind.HomelabBackup, "#/$defs/dnsSubdomain", name);
}
