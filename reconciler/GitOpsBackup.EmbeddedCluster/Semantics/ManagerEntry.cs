namespace GitOpsBackup.EmbeddedCluster.Semantics;

/// <summary>One entry of metadata.managedFields: who owns which fields, by which operation.</summary>
internal sealed class ManagerEntry
{
    public required string Manager { get; init; }

    /// <summary>"Apply" (server-side apply) or "Update" (create, update, patch).</summary>
    public required string Operation { get; init; }

    public required string ApiVersion { get; init; }

    /// <summary>"status" for entries written through the status subresource, else empty.</summary>
    public string Subresource { get; init; } = "";

    public required string Time { get; set; }

    public required HashSet<string> Fields { get; set; }

    public bool SameIdentity(string manager, string operation, string subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource;
}
