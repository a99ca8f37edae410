using GitOpsBackup.Source;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// Where a pass reads the config repo from: a git remote, a working tree, or a tree already in hand.
/// <see cref="SourceResult.Unchanged"/> means the pass may skip parsing and rendering.
/// </summary>
internal interface IConfigSource : IDisposable
{
    /// <summary>The folder or URL (credentials scrubbed), for messages.</summary>
    string Display { get; }

    Task<SourceResult> PollAsync(CancellationToken cancellationToken);
}
