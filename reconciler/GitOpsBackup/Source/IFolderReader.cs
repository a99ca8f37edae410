namespace GitOpsBackup.Source;

/// <summary>
/// What <see cref="SourceTreeWalker"/> needs from a tree: how to list a folder and read its own
/// .sourceignore. A working directory and a git tree each supply one; the walk and the ignore rules are shared.
/// </summary>
internal interface IFolderReader<TFolder>
    where TFolder : class
{
    /// <summary>The text of the regular .sourceignore file directly in <paramref name="folder"/>, and an id that changes with it; null when there is none.</summary>
    (string Text, string Id)? ReadIgnoreFile(TFolder folder);

    /// <summary>An id that stays the same exactly as long as everything under <paramref name="folder"/> does (a git tree id); null when there is none.</summary>
    string? ContentId(TFolder folder);

    /// <summary>The sub-folders and regular files directly in <paramref name="folder"/>.</summary>
    IEnumerable<FolderEntry<TFolder>> Entries(TFolder folder);
}
