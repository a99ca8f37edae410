using GitOpsBackup.Source;

namespace GitOpsBackup.Reconciling;

/// <summary>A git remote: <see cref="GitSource"/> asks for the ref's head and fetches only when it moved.</summary>
internal sealed class GitConfigSource(GitSource source, string display) : IConfigSource
{
    public string Display { get; } = display;

    public Task<SourceResult> PollAsync(CancellationToken cancellationToken) => source.PollAsync(cancellationToken);

    public void Dispose() => source.Dispose();
}
