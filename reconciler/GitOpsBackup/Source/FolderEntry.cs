using GitOpsBackup.Specs;

namespace GitOpsBackup.Source;

/// <summary>
/// One entry of a folder as a tree lists it: a sub-folder (<paramref name="Folder"/>), a regular file
/// (<paramref name="File"/> describes it, given its repo-relative path), or an entry never followed nor
/// read (<paramref name="Skipped"/> says what it is: a symlink, a submodule), listed so it can be reported.
/// </summary>
internal readonly record struct FolderEntry<TFolder>(string Name, TFolder? Folder, Func<string, RepoFile>? File, string? Skipped = null)
    where TFolder : class;
