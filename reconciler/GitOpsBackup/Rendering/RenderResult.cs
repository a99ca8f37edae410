using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Rendering;

/// <summary>
/// The desired objects (one CronJob per rendered app, ordered by namespace and name), the
/// external-clone Job template (null without an ExternalClone spec), and every problem found
/// while rendering. An app that could not be rendered is listed in <see cref="FailedApps"/> with
/// an error in <see cref="Diagnostics"/>; it never just disappears.
/// </summary>
public sealed record RenderResult(
    IReadOnlyList<DesiredObject> Objects,
    CloneJobTemplate? CloneJob,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlySet<AppKey> FailedApps)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
