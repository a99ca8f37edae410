using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Planning;

/// <summary>
/// What the repo asks for: the rendered objects, plus what must be left alone because its spec
/// is broken (the live objects of a broken app are never updated and never pruned).
/// </summary>
internal sealed record DesiredState(IReadOnlyList<DesiredObject> Objects)
{
    public IReadOnlySet<AppKey> BrokenApps { get; init; } = new HashSet<AppKey>();

    /// <summary>Repo-relative spec files with errors; live objects whose source-path names one are left alone.</summary>
    public IReadOnlySet<string> FilesWithErrors { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}
