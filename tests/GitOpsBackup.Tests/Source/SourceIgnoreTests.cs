using GitOpsBackup.Source;
using GitOpsBackup.Tests.Specs;
using LibGit2Sharp;

namespace GitOpsBackup.Tests.Source;

/// <summary>.sourceignore is applied in one place, so a working directory and a git commit hand out the same files.</summary>
public sealed class SourceIgnoreTests
{
    private static readonly Dictionary<string, string> Layout = new()
    {
        [".sourceignore"] = "# drafts are not deployed\n*.md\n/tmp/\n!keep.md\ndrafts/\n",
        ["a.yaml"] = "a: 1",
        ["README.md"] = "x",
        ["docs/keep.md"] = "x",
        ["docs/other.md"] = "x",
        ["tmp/b.yaml"] = "b: 1",
        ["drafts/d.yaml"] = "d: 1",
        ["apps/.sourceignore"] = "secret.yaml\n*.tmp\n",
        ["apps/ok.yaml"] = "ok: 1",
        ["apps/secret.yaml"] = "s: 1",
        ["apps/tmp/c.yaml"] = "c: 1",
        ["apps/drafts/e.yaml"] = "e: 1",
        ["apps/x/secret.yaml"] = "s: 2",
        ["apps/x/notes.tmp"] = "t",
        ["other/secret.yaml"] = "s: 3",
    };

    private static readonly string[] Kept =
        [".sourceignore", "a.yaml", "apps/.sourceignore", "apps/ok.yaml", "apps/tmp/c.yaml", "docs/keep.md", "other/secret.yaml"];

    [Theory]
    [InlineData("")]
    [InlineData("clusters/home")] // a .sourceignore above the tree's root does not apply, to either
    public void WorkingTree_AndGitTree_IgnoreTheSameFiles(string subPath)
    {
        using var dir = new TempDirectory();
        var prefix = subPath.Length == 0 ? "" : subPath + "/";
        foreach (var (path, text) in Layout)
        {
            dir.Write(prefix + path, text);
        }

        if (prefix.Length > 0)
        {
            dir.Write(".sourceignore", "*\n");
            dir.Write("elsewhere.yaml", "e: 1");
        }

        // A symlink is skipped by both (it could point out of the tree).
        File.CreateSymbolicLink(Path.Combine(dir.Path, prefix + "apps/link.yaml"), "/etc/passwd");
        using var repo = CommitAll(dir.Path);

        var fromDisk = new DirectoryRepoTree(Path.Combine(dir.Path, subPath)).EnumerateFiles().Select(f => f.Path).ToList();
        var fromGit = GitTreeRepoTree.At(repo, repo.Head.Tip.Tree, subPath)!.EnumerateFiles().Select(f => f.Path).ToList();

        Assert.Equal(Kept, fromDisk);
        Assert.Equal(Kept, fromGit);
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
