using GitOpsBackup.Specs;

namespace GitOpsBackup.Source;

/// <summary>
/// The one place .sourceignore is applied: every <see cref="IRepoTree"/> of a source walks through
/// here, so a working directory and a git commit hand out the same files, and the loader reads every
/// file it is given. An ignored folder is not entered, so nothing under it is listed, hashed or read
/// (Flux's source-controller likewise leaves ignored files out of the artifact). Entries the trees never
/// follow (symlinks, submodules) are collected too, unless ignored, so the loader can name them.
/// </summary>
internal static class SourceTreeWalker
{
    /// <summary>
    /// Every file under <paramref name="root"/> that no .sourceignore on its way excludes, repo-relative,
    /// in ordinal order, and likewise the entries passed over. With a <paramref name="cache"/>, a folder
    /// whose content id and ignore rules are unchanged since the last walk yields what it yielded then,
    /// without being listed again.
    /// </summary>
    public static WalkedFolder Walk<TFolder>(TFolder root, IFolderReader<TFolder> reader, SubtreeCache? cache = null)
        where TFolder : class
    {
        var walk = new WalkState();
        var found = Walk(root, string.Empty, reader, cache, walk);
        cache?.End(walk.Seen);
        var files = found.Files.ToList();
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var skipped = found.Skipped.ToList();
        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new WalkedFolder(files, skipped);
    }

    private static WalkedFolder Walk<TFolder>(TFolder folder, string prefix, IFolderReader<TFolder> reader, SubtreeCache? cache, WalkState walk)
        where TFolder : class
    {
        // A folder's own .sourceignore applies to everything below it, so read it before the entries.
        if (reader.ReadIgnoreFile(folder) is { } ignoreFile)
        {
            walk.Ignore.Add(prefix.TrimEnd('/'), ignoreFile.Text);
            walk.Rules += $"|{prefix}:{ignoreFile.Id}";
        }

        // An unchanged folder under the same ignore rules yields the same files: reuse them.
        (string, string, string)? key = cache is not null && reader.ContentId(folder) is { } id ? (id, prefix, walk.Rules) : null;
        if (key is { } hit && cache!.TryGet(hit, out var cached))
        {
            walk.Seen[hit] = cached;
            return cached;
        }

        var found = new WalkedFolder([], []);
        foreach (var entry in reader.Entries(folder))
        {
            var path = prefix + entry.Name;
            if (entry.Folder is { } sub)
            {
                if (!walk.Ignore.IsIgnored(path, isDirectory: true))
                {
                    var below = Walk(sub, path + "/", reader, cache, walk);
                    found.Files.AddRange(below.Files);
                    found.Skipped.AddRange(below.Skipped);
                }
            }
            else if (entry.File is { } describe)
            {
                if (!walk.Ignore.IsIgnored(path, isDirectory: false))
                {
                    found.Files.Add(describe(path));
                }
            }
            else if (entry.Skipped is { } what && !walk.Ignore.IsIgnored(path, isDirectory: false) && !walk.Ignore.IsIgnored(path, isDirectory: true))
            {
                // A link may name a file or a folder: ignored as either, it is not reported.
                found.Skipped.Add(new SkippedEntry(path, what));
            }
        }

        if (key is { } miss)
        {
            walk.Seen[miss] = found;
        }

        return found;
    }

    private sealed class WalkState
    {
        public SourceIgnore Ignore { get; } = new();

        /// <summary>The folders walked this time, by cache key: the cache's next content.</summary>
        public Dictionary<(string, string, string), WalkedFolder> Seen { get; } = [];

        /// <summary>The .sourceignore files met so far (scope and id): part of the cache key.</summary>
        public string Rules { get; set; } = string.Empty;
    }
}
