using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Rendering;

/// <summary>Everything a render depends on. Same input, byte-identical output.</summary>
/// <param name="Revision">The config repo revision the specs came from (a commit id, or a label for a working tree).</param>
public sealed record RenderInput(SpecSet Specs, ClusterFacts Facts, string Revision);
