using GitOpsBackup.Specs;

namespace GitOpsBackup.Source;

/// <summary>
/// One entry of a folder as a tree lists it: a sub-folder (<paramref name="Folder"/>) or a regular file
/// (<paramref name="File"/> describes it, given its repo-relative path). Symlinks and submodules are never listed.
/// </summary>
internal readonly record struct FolderEntry<TFolder>(string Name, TFolder? Folder, Func<string, RepoFile>? File)
    where TFolder : class;
