using GitOpsBackup.Source;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Reconciling;

/// <summary>A tree already resolved by a one-shot verb (plan, apply): new on the first poll, unchanged after.</summary>
internal sealed class FixedTreeSource(IRepoTree tree, string revision, string display) : IConfigSource
{
    private bool _polled;

    public string Display { get; } = display;

    public Task<SourceResult> PollAsync(CancellationToken cancellationToken)
    {
        var rev = new GitRevision(revision, "");
        SourceResult result = _polled ? new SourceResult.Unchanged(rev) : new SourceResult.Updated(rev, tree, false);
        _polled = true;
        return Task.FromResult(result);
    }

    public void Dispose()
    {
    }
}
