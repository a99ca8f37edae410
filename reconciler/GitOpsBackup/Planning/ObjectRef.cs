namespace GitOpsBackup.Planning;

/// <summary>Identifies one object in the cluster: its API version, kind, namespace and name.</summary>
internal sealed record ObjectRef(string ApiVersion, string Kind, string Namespace, string Name)
{
    /// <summary>API group ("batch" for batch/v1; "" for the core group v1).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public string Version => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[(ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : ApiVersion;

    /// <summary>Identity without the version: batch/v1 and batch/v1beta1 CronJobs are the same object.</summary>
    public string Key => $"{Group}/{Kind}/{Namespace}/{Name}";

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
