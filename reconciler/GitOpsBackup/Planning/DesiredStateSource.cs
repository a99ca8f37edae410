using GitOpsBackup.Specs;

namespace GitOpsBackup.Planning;

/// <summary>
/// A repo tree → desired state: load the specs, render the desired objects, and name what is broken.
/// One call, so plan/apply do not depend on how loading and rendering are done (tests pass their own).
/// </summary>
/// <param name="revision">Recorded in the objects' revision annotation (informational).</param>
internal delegate Task<DesiredState> DesiredStateSource(IRepoTree tree, string revision, CancellationToken cancellationToken);
