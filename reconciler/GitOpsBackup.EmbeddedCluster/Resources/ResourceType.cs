namespace GitOpsBackup.EmbeddedCluster.Resources;

/// <summary>One served resource: where it lives in the API and what it is called.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    string Singular,
    bool Namespaced,
    bool HasStatus,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories)
{
    /// <summary>"batch/v1" or "v1" for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Stable identity used as a store key: "batch/v1/cronjobs".</summary>
    public string Id => $"{ApiVersion}/{Plural}";

    /// <summary>"cronjobs.batch" or "pods", as real API messages name resources.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>"CronJob.batch" or "Pod", as real validation messages name kinds.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
