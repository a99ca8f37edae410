using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Specs;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Source;

public sealed class DirectoryRepoTreeTests
{
    [Fact]
    public void Skips_DotGit_AndSourceIgnoredFiles()
    {
        using var dir = new TempDirectory();
        dir.Write(".git/config", "[core]");
        dir.Write(".sourceignore", "*.md\n/tmp/\n!keep.md\n");
        dir.Write("a.yaml", "a: 1");
        dir.Write("README.md", "x");
        dir.Write("docs/keep.md", "x");
        dir.Write("tmp/b.yaml", "b: 1");
        dir.Write("apps/tmp/c.yaml", "c: 1");
        dir.Write("apps/.sourceignore", "secret.yaml\n");
        dir.Write("apps/secret.yaml", "s: 1");

        var paths = new DirectoryRepoTree(dir.Path).EnumerateFiles().Select(f => f.Path);

        Assert.Equal([".sourceignore", "a.yaml", "apps/.sourceignore", "apps/tmp/c.yaml", "docs/keep.md"], paths);
    }

    [Fact]
    public void SourceIgnoredSpec_IsNotLoaded()
    {
        using var dir = new TempDirectory();
        dir.Write("defaults.yaml", SpecTexts.Defaults);
        dir.Write(".sourceignore", "drafts/\n");
        dir.Write("drafts/backup.yaml", "apiVersion: backup.homelab.dev/v1alpha1\nkind: HomelabBackup\nspec: nonsense\n");

        var set = new SpecLoader().Load(new DirectoryRepoTree(dir.Path));

        Findings.NoErrors(set);
    }

    [Fact]
    public void NeverFollows_ASymlink_OutOfTheTree()
    {
        using var outside = new TempDirectory();
        var secret = outside.Write("secret.yaml", SpecTexts.App(SpecTexts.MinimalBody, name: "outside"));
        outside.Write("dir/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody, name: "outside-dir"));
        using var dir = new TempDirectory();
        dir.Write("defaults.yaml", SpecTexts.Defaults);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "link.yaml"), secret);
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "linkdir"), Path.Combine(outside.Path, "dir"));

        var files = new DirectoryRepoTree(dir.Path).EnumerateFiles().Select(f => f.Path).ToList();
        var set = new SpecLoader().Load(new DirectoryRepoTree(dir.Path));

        Assert.Equal(["defaults.yaml"], files);
        Assert.Empty(set.Apps);
        Findings.NoErrors(set);
    }

    [Fact]
    public void ContentId_ChangesWhenTheBytesChange()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.yaml", "a: 1");
        var before = new DirectoryRepoTree(dir.Path).EnumerateFiles().Single().ContentId;
        File.WriteAllText(path, "a: 2");
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path)); // same size, mtime may not move
        var after = new DirectoryRepoTree(dir.Path).EnumerateFiles().Single().ContentId;

        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Throws_ForAMissingRoot() =>
        Assert.Throws<DirectoryNotFoundException>(() => new DirectoryRepoTree(Path.Combine(Path.GetTempPath(), "gob-missing-" + Guid.NewGuid().ToString("N"))));

    [Fact]
    public void UntouchedOldFiles_AreNotHashedAgain()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        dir.Write("a.yaml", "a: 1");
        dir.Write("b.yaml", "b: 1");
        Age(dir, "a.yaml", clock);
        Age(dir, "b.yaml", clock);
        var tree = new DirectoryRepoTree(dir.Path, clock);

        var first = tree.EnumerateFiles().ToList();
        var second = tree.EnumerateFiles().ToList();

        Assert.Equal(2, tree.FilesHashed);
        Assert.Equal(first.Select(f => f.ContentId), second.Select(f => f.ContentId));
    }

    [Fact]
    public void SameSizeEdit_WithANewTime_IsHashedAgain()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        dir.Write("a.yaml", "a: 1");
        Age(dir, "a.yaml", clock);
        var tree = new DirectoryRepoTree(dir.Path, clock);
        var before = tree.EnumerateFiles().Single().ContentId;

        dir.Write("a.yaml", "a: 2");
        File.SetLastWriteTimeUtc(Path.Combine(dir.Path, "a.yaml"), clock.GetUtcNow().UtcDateTime.AddMinutes(-30));

        Assert.NotEqual(before, tree.EnumerateFiles().Single().ContentId);
        Assert.Equal(2, tree.FilesHashed);
    }

    [Fact]
    public void FileModifiedAsItWasHashed_IsHashedOnEveryWalk_SoASameTickEditIsSeen()
    {
        using var dir = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero));
        var stamp = clock.GetUtcNow().UtcDateTime;
        dir.Write("a.yaml", "a: 1");
        File.SetLastWriteTimeUtc(Path.Combine(dir.Path, "a.yaml"), stamp);
        var tree = new DirectoryRepoTree(dir.Path, clock);
        var before = tree.EnumerateFiles().Single().ContentId;

        // Same size, same modification time: only hashing again can tell.
        dir.Write("a.yaml", "a: 2");
        File.SetLastWriteTimeUtc(Path.Combine(dir.Path, "a.yaml"), stamp);

        Assert.NotEqual(before, tree.EnumerateFiles().Single().ContentId);
    }

    private static void Age(TempDirectory dir, string file, FakeTimeProvider clock) =>
        File.SetLastWriteTimeUtc(Path.Combine(dir.Path, file), clock.GetUtcNow().UtcDateTime.AddHours(-1));
}
