namespace GitOpsBackup.Source;

/// <summary>
/// A fetched revision, written like Flux: <c>main@sha1:0123…</c> (the ref name that resolved, then the commit).
/// </summary>
public sealed record GitRevision(string RefName, string CommitId)
{
    public override string ToString() => $"{RefName}@sha1:{CommitId}";
}
