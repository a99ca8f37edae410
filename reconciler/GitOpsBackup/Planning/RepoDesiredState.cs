namespace GitOpsBackup.Planning;

/// <summary>The production <see cref="DesiredStateSource"/>: the spec loader, then the renderer.</summary>
internal static class RepoDesiredState
{
    // LEAD: wire the loader (branch specs) and the renderer (branch render) here:
    //   SpecSet specs = <loader>(path); objects = <renderer>(specs, revision);
    //   return new DesiredState(objects) { BrokenApps = specs.BrokenApps, FilesWithErrors = specs.FilesWithErrors, Diagnostics = specs.Diagnostics };
    public static Task<DesiredState> LoadAsync(string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"cannot read {path}: loading specs and rendering are not wired into plan/apply yet");
}
