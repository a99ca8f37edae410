using GitOpsBackup.Specs;

namespace GitOpsBackup.Source;

/// <summary>
/// The outcome of one poll. A caller applies to the cluster only on <see cref="Updated"/> (or on its
/// own periodic resync with the last good tree); on <see cref="Failed"/> it touches nothing.
/// </summary>
public abstract record SourceResult
{
    private SourceResult()
    {
    }

    /// <summary>The remote head has not moved since the last good revision: no fetch, no parse.</summary>
    public sealed record Unchanged(GitRevision Revision) : SourceResult;

    /// <summary>A new revision (or the first one after a start) and the tree to load specs from.</summary>
    public sealed record Updated(GitRevision Revision, IRepoTree Tree, bool Cloned) : SourceResult
    {
        /// <summary>Who signed the head commit ("alice@example.org with ED25519 key SHA256:…") when signatures are verified; else null.</summary>
        public string? Signer { get; init; }
    }

    /// <summary>
    /// The poll failed. <paramref name="LastGood"/> is still the revision to trust (null before the
    /// first success); the next real attempt is made at <paramref name="RetryAt"/> (the time of the failure
    /// itself when there is nothing to wait out: a refused signature is looked at again on the next poll).
    /// The message never holds a credential.
    /// </summary>
    public sealed record Failed(SourceFailure Reason, string Message, GitRevision? LastGood, DateTimeOffset RetryAt, int ConsecutiveFailures) : SourceResult;
}
