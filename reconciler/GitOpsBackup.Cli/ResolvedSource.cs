using GitOpsBackup.Source;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Cli;

/// <summary>
/// What <see cref="SourceOptions.ResolveAsync"/> found: a tree to load (a local folder, or a fetched
/// revision whose clone stays open until disposed), or an error message free of credentials.
/// </summary>
internal sealed class ResolvedSource : IDisposable
{
    private readonly GitSource? _source;

    private ResolvedSource(IRepoTree? tree, string display, string? localRoot, GitRevision? revision, string? error, GitSource? source)
    {
        Tree = tree;
        Display = display;
        LocalRoot = localRoot;
        Revision = revision;
        Error = error;
        _source = source;
    }

    public IRepoTree? Tree { get; }

    /// <summary>The folder, or the URL (credentials scrubbed) with its revision, for messages.</summary>
    public string Display { get; }

    /// <summary>The local folder when specs come from disk (null for a remote).</summary>
    public string? LocalRoot { get; }

    /// <summary>The fetched revision (null for a local folder).</summary>
    public GitRevision? Revision { get; }

    public string? Error { get; }

    public static ResolvedSource Local(IRepoTree tree, string root) => new(tree, root, root, null, null, null);

    public static ResolvedSource Remote(IRepoTree tree, string display, GitRevision revision, GitSource source) =>
        new(tree, display, null, revision, null, source);

    public static ResolvedSource Failure(string error) => new(null, string.Empty, null, null, error, null);

    public void Dispose() => _source?.Dispose();
}
