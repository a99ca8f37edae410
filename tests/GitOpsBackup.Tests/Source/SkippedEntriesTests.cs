using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Specs;
using LibGit2Sharp;

namespace GitOpsBackup.Tests.Source;

/// <summary>Symlinks and submodules are never followed, and never skipped without a word: each is named in a warning.</summary>
public sealed class SkippedEntriesTests
{
    private static void Link(TempDirectory dir, string path, string target, bool directory = false)
    {
        var full = Path.Combine(dir.Path, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (directory)
        {
            Directory.CreateSymbolicLink(full, target);
        }
        else
        {
            File.CreateSymbolicLink(full, target);
        }
    }

    private static TempDirectory RepoWithLinks()
    {
        var dir = new TempDirectory();
        dir.Write("defaults.yaml", SpecTexts.Defaults);
        dir.Write("apps/app/pvc.yaml", SpecTexts.Pvc);
        dir.Write("apps/app/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody));
        dir.Write(".sourceignore", "drafts/\n*.lnk\n");
        Link(dir, "apps/linked/backup.yaml", "/etc/passwd");
        Link(dir, "apps/shared", "../elsewhere", directory: true);
        Link(dir, "apps/dangling.yaml", "does-not-exist.yaml");
        Link(dir, "drafts/ignored.yaml", "/etc/passwd");
        Link(dir, "apps/ignored.lnk", "/etc/passwd");
        return dir;
    }

    private static readonly SkippedEntry[] Expected =
    [
        new("apps/dangling.yaml", "a symlink to 'does-not-exist.yaml'"),
        new("apps/linked/backup.yaml", "a symlink to '/etc/passwd'"),
        new("apps/shared", "a symlink to '../elsewhere'"),
    ];

    [Fact]
    public void WorkingTree_AndGitTree_NameTheSameSymlinks_ExceptIgnoredOnes()
    {
        using var dir = RepoWithLinks();
        using var repo = CommitAll(dir.Path);

        var fromDisk = new DirectoryRepoTree(dir.Path);
        _ = fromDisk.EnumerateFiles();
        var fromGit = GitTreeRepoTree.At(repo, repo.Head.Tip.Tree, null)!;

        Assert.Equal(Expected, fromDisk.EnumerateSkipped());
        Assert.Equal(Expected, fromGit.EnumerateSkipped());
        Assert.DoesNotContain(fromGit.EnumerateFiles(), f => Expected.Any(e => e.Path == f.Path));
    }

    [Fact]
    public void Loader_WarnsAboutEachSymlink_NamingIt_AndLoadsTheRest()
    {
        using var dir = RepoWithLinks();

        var set = new SpecLoader().Load(new DirectoryRepoTree(dir.Path));

        foreach (var entry in Expected)
        {
            var warning = Findings.Single(set, "not-read", entry.Path, 1, 1, $"'{entry.Path}' is {entry.What}; it is not followed, so nothing behind it is read");
            Assert.Equal(Severity.Warning, warning.Severity);
            Assert.Contains(".sourceignore", warning.Hint, StringComparison.Ordinal);
        }

        Assert.Equal(3, set.Diagnostics.Count(d => d.Code == "not-read"));
        Findings.NoErrors(set);
        Assert.Equal("app", Assert.Single(set.Apps).Name);
    }

    [Fact]
    public void GitTree_NamesASubmodule()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", "a: 1");
        using var repo = CommitAll(dir.Path);
        var definition = TreeDefinition.From(repo.Head.Tip.Tree);
        definition.AddGitLink("vendor/specs", new ObjectId("0123456789abcdef0123456789abcdef01234567"));
        var tree = repo.ObjectDatabase.CreateTree(definition);

        var skipped = GitTreeRepoTree.At(repo, tree, null)!.EnumerateSkipped();

        Assert.Equal([new SkippedEntry("vendor/specs", "a git submodule")], skipped);
    }

    [Fact]
    public void GitTree_ReusedSubtrees_StillNameTheirSymlinks()
    {
        using var dir = RepoWithLinks();
        using var repo = CommitAll(dir.Path);
        var cache = new SubtreeCache();
        _ = GitTreeRepoTree.At(repo, repo.Head.Tip.Tree, null, cache)!.EnumerateFiles();

        // A second walk of the same tree comes from the cache, folder by folder.
        var again = GitTreeRepoTree.At(repo, repo.Head.Tip.Tree, null, cache)!;

        Assert.Equal(Expected, again.EnumerateSkipped());
    }

    private static Repository CommitAll(string path)
    {
        Repository.Init(path);
        var repo = new Repository(path);
        Commands.Stage(repo, "*");
        var author = new Signature("test", "test@example.invalid", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        repo.Commit("all", author, author);
        return repo;
    }
}
