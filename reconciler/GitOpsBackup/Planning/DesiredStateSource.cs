namespace GitOpsBackup.Planning;

/// <summary>
/// PATH → desired state: load the specs, render the desired objects, and name what is broken.
/// One call, so plan/apply do not depend on how loading and rendering are done (tests pass their own).
/// </summary>
internal delegate Task<DesiredState> DesiredStateSource(string path, CancellationToken cancellationToken);
