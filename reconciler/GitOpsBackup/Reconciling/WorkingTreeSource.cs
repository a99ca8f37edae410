using GitOpsBackup.Source;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// A working tree on disk. Its "revision" is a fingerprint of every file's path and content id, so
/// an untouched tree reports <see cref="SourceResult.Unchanged"/> and the pass skips parse and render.
/// </summary>
internal sealed class WorkingTreeSource(IRepoTree tree, string display) : IConfigSource
{
    public const string RefName = "working-tree";
    private string? _last;

    public string Display { get; } = display;

    public Task<SourceResult> PollAsync(CancellationToken cancellationToken)
    {
        var fingerprint = Rendering.Hashing.Sha256Hex(string.Join('\n', tree.EnumerateFiles().Select(f => $"{f.Path}\0{f.ContentId}")))[..12];
        var revision = new GitRevision(RefName, fingerprint);
        SourceResult result = fingerprint == _last ? new SourceResult.Unchanged(revision) : new SourceResult.Updated(revision, tree, false);
        _last = fingerprint;
        return Task.FromResult(result);
    }

    public void Dispose()
    {
    }
}
