using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Source;

/// <summary>GitSource against a real git daemon (git://) on 127.0.0.1.</summary>
public sealed class GitSourceTests : IClassFixture<GitDaemonFixture>, IDisposable
{
    private readonly GitDaemonFixture _server;
    private readonly SourceTestKit _kit = new();

    public GitSourceTests(GitDaemonFixture server) => _server = server;

    public void Dispose() => _kit.Dispose();

    private GitTestRepo NewRepo() => _server.CreateRepo("r" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task FirstPoll_ClonesAndHandsOutTheBranchTree()
    {
        var repo = NewRepo();
        var sha = repo.Commit(new Dictionary<string, string?> { ["apps/a/backup.yaml"] = SourceTestKit.Spec("a"), ["README.md"] = "hi" });
        using var source = _kit.Source(_server.Url(repo.Name));

        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.True(updated.Cloned);
        Assert.Equal(new GitRevision("main", sha), updated.Revision);
        Assert.Equal(["README.md", "apps/a/backup.yaml"], updated.Tree.EnumerateFiles().Select(f => f.Path));
        Assert.Equal(SourceTestKit.Spec("a"), SourceTestKit.ReadAll(updated.Tree)["apps/a/backup.yaml"]);
        Assert.Equal(sha, source.LastGood?.CommitId);

    }

    [Fact]
    public async Task UnchangedRemote_ReturnsUnchanged_WithoutFetching()
    {
        var repo = NewRepo();
        var sha = repo.Commit("a.yaml", SourceTestKit.Spec("a"));
        using var source = _kit.Source(_server.Url(repo.Name));
        SourceTestKit.AssertUpdated(await source.PollAsync());
        var fetches = source.Fetches;

        var second = await source.PollAsync();

        var unchanged = Assert.IsType<SourceResult.Unchanged>(second);
        Assert.Equal(sha, unchanged.Revision.CommitId);
        Assert.Equal(fetches, source.Fetches);
    }

    [Fact]
    public async Task NewCommit_IsPickedUp_AndTheLoaderReparsesOnlyTheChangedBlob()
    {
        var repo = NewRepo();
        var files = Enumerable.Range(0, 20).ToDictionary(i => $"apps/app{i}/backup.yaml", i => (string?)SourceTestKit.Spec($"app{i}"));
        repo.Commit(files);
        using var source = _kit.Source(_server.Url(repo.Name));
        var loader = new SpecLoader();
        loader.Load(SourceTestKit.AssertUpdated(await source.PollAsync()).Tree);
        Assert.Equal(20, loader.FilesParsed);

        var sha = repo.Commit("apps/app7/backup.yaml", SourceTestKit.Spec("app7", "0 3 * * *"));
        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());
        var specs = loader.Load(updated.Tree);

        Assert.False(updated.Cloned);
        Assert.Equal(sha, updated.Revision.CommitId);
        Assert.Equal(21, loader.FilesParsed);
        Assert.Equal("0 3 * * *", specs.Apps.Single(a => a.Name == "app7").Schedule);
    }

    [Fact]
    public async Task SampleRepo_LoadsTheSameFromGitAsFromDisk()
    {
        var repo = NewRepo();
        var sampleRoot = CheckoutPaths.SampleRepo;
        var files = new DirectoryRepoTree(sampleRoot).EnumerateFiles()
            .ToDictionary(f => f.Path, f => (string?)System.Text.Encoding.UTF8.GetString(f.ReadAllBytes()));
        repo.Commit(files);
        using var source = _kit.Source(_server.Url(repo.Name));

        var fromGit = new SpecLoader().Load(SourceTestKit.AssertUpdated(await source.PollAsync()).Tree);
        var fromDisk = new SpecLoader().Load(new DirectoryRepoTree(sampleRoot));

        Assert.NotEmpty(fromGit.Apps);
        Assert.Equal(fromDisk.Apps.Select(a => a.Key), fromGit.Apps.Select(a => a.Key));
        Assert.Equal(fromDisk.Diagnostics.Select(d => d.ToString()), fromGit.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public async Task NewInstanceOnTheSameCache_FetchesInsteadOfCloning()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "one");
        using (var first = _kit.Source(_server.Url(repo.Name)))
        {
            Assert.True(SourceTestKit.AssertUpdated(await first.PollAsync()).Cloned);
        }

        var sha = repo.Commit("a.yaml", "two");
        using var second = _kit.Source(_server.Url(repo.Name));
        var updated = SourceTestKit.AssertUpdated(await second.PollAsync());

        Assert.False(updated.Cloned);
        Assert.Equal(0, second.Clones);
        Assert.Equal(sha, updated.Revision.CommitId);
        Assert.Equal("two", SourceTestKit.ReadAll(updated.Tree)["a.yaml"]);
    }

    [Fact]
    public async Task TagRef_FollowsTheTaggedCommit()
    {
        var repo = NewRepo();
        var tagged = repo.Commit("a.yaml", "tagged");
        repo.Tag("release-1");
        repo.Commit("a.yaml", "later");
        using var source = _kit.Source(_server.Url(repo.Name), GitRef.Parse("tag:release-1"));

        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal(new GitRevision("release-1", tagged), updated.Revision);
        Assert.Equal("tagged", SourceTestKit.ReadAll(updated.Tree)["a.yaml"]);
    }

    [Fact]
    public async Task SemverRange_PicksTheHighestMatchingTag_AndMovesWhenANewOneIsPushed()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "1.0.0");
        repo.Tag("v1.0.0");
        var one = repo.Commit("a.yaml", "1.4.2");
        repo.Tag("v1.4.2");
        repo.Commit("a.yaml", "2.0.0");
        repo.Tag("v2.0.0");
        using var source = _kit.Source(_server.Url(repo.Name), GitRef.Parse("semver:>=1.0.0 <2.0.0"));

        var first = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal(new GitRevision("v1.4.2", one), first.Revision);

        var next = repo.Commit("a.yaml", "1.5.0");
        repo.Tag("1.5.0");
        var second = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal(new GitRevision("1.5.0", next), second.Revision);
        Assert.Equal("1.5.0", SourceTestKit.ReadAll(second.Tree)["a.yaml"]);
    }

    [Fact]
    public async Task PinnedCommit_IsFetchedOnce_ThenNeverAgain()
    {
        var repo = NewRepo();
        var pinned = repo.Commit("a.yaml", "pinned");
        repo.Commit("a.yaml", "later");
        using var source = _kit.Source(_server.Url(repo.Name), GitRef.Parse(pinned));

        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal("pinned", SourceTestKit.ReadAll(updated.Tree)["a.yaml"]);
        Assert.IsType<SourceResult.Unchanged>(await source.PollAsync());
        Assert.Equal(1, source.Fetches);
    }

    [Fact]
    public async Task ForcePush_IsFollowed()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "old history");
        using var source = _kit.Source(_server.Url(repo.Name));
        SourceTestKit.AssertUpdated(await source.PollAsync());

        var rewritten = repo.ForcePushNewHistory("b.yaml", "new history");
        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal(rewritten, updated.Revision.CommitId);
        Assert.Equal(new Dictionary<string, string> { ["b.yaml"] = "new history" }, SourceTestKit.ReadAll(updated.Tree));
    }

    [Fact]
    public async Task VanishedBranch_FailsAndKeepsTheLastGoodRevision_ThenRecovers()
    {
        var repo = NewRepo();
        var good = repo.Commit(new Dictionary<string, string?> { ["a.yaml"] = "good" }, branch: "feature");
        repo.Commit("other.yaml", "main");
        using var source = _kit.Source(_server.Url(repo.Name), GitRef.Branch("feature"));
        SourceTestKit.AssertUpdated(await source.PollAsync());

        repo.DeleteBranch("feature");
        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());
        Assert.Equal(SourceFailure.RefNotFound, failed.Reason);
        Assert.Equal(good, failed.LastGood?.CommitId);
        Assert.Equal(_kit.Time.GetUtcNow() + TimeSpan.FromSeconds(5), failed.RetryAt);

        // Within the back-off no attempt is made, even though the branch is back.
        var back = repo.Commit(new Dictionary<string, string?> { ["a.yaml"] = "back" }, branch: "feature");
        Assert.Same(failed, await source.PollAsync());

        _kit.Time.Advance(TimeSpan.FromSeconds(5));
        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal(back, updated.Revision.CommitId);
    }

    [Theory]
    [InlineData("garbage-objects")]
    [InlineData("missing-objects")]
    [InlineData("garbage-config")]
    public async Task CorruptCache_IsDroppedAndClonedAgain(string damage)
    {
        var repo = NewRepo();
        repo.Commit(new Dictionary<string, string?> { ["a.yaml"] = "one", ["b/c.yaml"] = "kept" });
        using (var first = _kit.Source(_server.Url(repo.Name)))
        {
            SourceTestKit.AssertUpdated(await first.PollAsync());
            Damage(first.CacheDirectory, damage);
        }

        var sha = repo.Commit("a.yaml", "two");
        using var second = _kit.Source(_server.Url(repo.Name));
        var updated = SourceTestKit.AssertUpdated(await second.PollAsync());

        Assert.True(updated.Cloned);
        Assert.Equal(sha, updated.Revision.CommitId);
        Assert.Equal(new Dictionary<string, string> { ["a.yaml"] = "two", ["b/c.yaml"] = "kept" }, SourceTestKit.ReadAll(updated.Tree));
    }

    private static void Damage(string cache, string damage)
    {
        var objects = Directory.EnumerateFiles(Path.Combine(cache, "objects"), "*", SearchOption.AllDirectories).ToList();
        foreach (var file in objects)
        {
            File.SetAttributes(file, FileAttributes.Normal);
            switch (damage)
            {
                case "garbage-objects":
                    File.WriteAllBytes(file, "garbage"u8.ToArray());
                    break;
                case "missing-objects":
                    File.Delete(file);
                    break;
            }
        }

        if (damage == "garbage-config")
        {
            File.WriteAllText(Path.Combine(cache, "config"), "[core\n\tbare = maybe\n");
        }
    }

    [Fact]
    public async Task SubPath_RootsTheTree_SkipsSymlinksAndHonoursSourceIgnore()
    {
        var repo = NewRepo();
        repo.Commit(new Dictionary<string, string?>
        {
            ["clusters/home/apps/a/backup.yaml"] = "a",
            ["clusters/home/apps/b/backup.yaml"] = "b",
            ["clusters/home/drafts/x.yaml"] = "x",
            ["clusters/home/.sourceignore"] = "drafts/\n*.tmp\n",
            ["clusters/home/apps/a/notes.tmp"] = "t",
            ["elsewhere.yaml"] = "e",
        });
        File.CreateSymbolicLink(Path.Combine(_server.BaseDirectory, "work-" + repo.Name, "clusters/home/apps/link.yaml"), "/etc/passwd");
        var sha = repo.Commit(new Dictionary<string, string?>(), "symlink");
        using var source = _kit.Source(_server.Url(repo.Name), subPath: "clusters/home");

        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal(sha, updated.Revision.CommitId);
        Assert.Equal([".sourceignore", "apps/a/backup.yaml", "apps/b/backup.yaml"], updated.Tree.EnumerateFiles().Select(f => f.Path));
    }

    [Fact]
    public async Task ChangedSourceIgnore_ChangesTheFiles_EvenWhereNoFolderChanged()
    {
        var repo = NewRepo();
        repo.Commit(new Dictionary<string, string?> { [".sourceignore"] = "drafts/\n", ["drafts/x.yaml"] = "x", ["apps/a.yaml"] = "a" });
        using var source = _kit.Source(_server.Url(repo.Name));
        var first = SourceTestKit.AssertUpdated(await source.PollAsync());
        Assert.Equal([".sourceignore", "apps/a.yaml"], first.Tree.EnumerateFiles().Select(f => f.Path));

        repo.Commit(".sourceignore", "apps/\n");
        var second = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal([".sourceignore", "drafts/x.yaml"], second.Tree.EnumerateFiles().Select(f => f.Path));
    }

    [Fact]
    public async Task FileUrl_IsFollowedLikeAnyRemote()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "one");
        using var source = _kit.Source(new Uri(repo.BarePath).AbsoluteUri);
        SourceTestKit.AssertUpdated(await source.PollAsync());

        var sha = repo.Commit("a.yaml", "two");
        var updated = SourceTestKit.AssertUpdated(await source.PollAsync());

        Assert.Equal(sha, updated.Revision.CommitId);
        Assert.IsType<SourceResult.Unchanged>(await source.PollAsync());
    }

    [Fact]
    public async Task MissingSubPath_FailsWithPathNotFound()
    {
        var repo = NewRepo();
        repo.Commit("a.yaml", "a");
        using var source = _kit.Source(_server.Url(repo.Name), subPath: "nope");

        var failed = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.Equal(SourceFailure.PathNotFound, failed.Reason);
        Assert.Null(failed.LastGood);
    }

    [Fact]
    public async Task UnreachableRemote_FailsAsUnreachable_WithBackoffGrowing()
    {
        var url = $"git://127.0.0.1:{GitPorts.Next()}/none.git";
        using var source = _kit.Source(url);

        var first = Assert.IsType<SourceResult.Failed>(await source.PollAsync());
        _kit.Time.Advance(first.RetryAt - _kit.Time.GetUtcNow());
        var second = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.Equal(SourceFailure.Unreachable, first.Reason);
        Assert.Equal(TimeSpan.FromSeconds(10), second.RetryAt - _kit.Time.GetUtcNow());
        Assert.Equal(2, second.ConsecutiveFailures);
    }

    [Fact]
    public async Task Backoff_IsJittered_ByTheDraw()
    {
        _kit.Jitter = () => 1.0;
        using var source = _kit.Source($"git://127.0.0.1:{GitPorts.Next()}/none.git");

        var first = Assert.IsType<SourceResult.Failed>(await source.PollAsync());
        Assert.Equal(TimeSpan.FromSeconds(7.5), first.RetryAt - _kit.Time.GetUtcNow());
        _kit.Time.Advance(first.RetryAt - _kit.Time.GetUtcNow());
        var second = Assert.IsType<SourceResult.Failed>(await source.PollAsync());

        Assert.Equal(TimeSpan.FromSeconds(15), second.RetryAt - _kit.Time.GetUtcNow());
    }

    [Fact]
    public async Task SilentServer_TimesOut_AndTheStuckCallIsNotStartedTwice()
    {
        // Accepts connections and never answers: ls-remote blocks inside libgit2.
        using var blackHole = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        blackHole.Start();
        var port = ((System.Net.IPEndPoint)blackHole.LocalEndpoint).Port;
        using var source = _kit.Source($"git://127.0.0.1:{port}/slow.git");

        var poll = source.PollAsync();
        using var accepted = await blackHole.AcceptTcpClientAsync();
        _kit.Time.Advance(TimeSpan.FromSeconds(30));
        var failed = Assert.IsType<SourceResult.Failed>(await poll);
        Assert.Equal(SourceFailure.Timeout, failed.Reason);

        _kit.Time.Advance(failed.RetryAt - _kit.Time.GetUtcNow());
        var again = Assert.IsType<SourceResult.Failed>(await source.PollAsync());
        Assert.Equal(SourceFailure.Timeout, again.Reason);
        Assert.Contains("still running", again.Message, StringComparison.Ordinal);

        // libgit2's own read timeout is set too, so a stuck call would end by itself; closing the socket ends it now.
        Assert.True(source.SocketTimeoutsApplied);
        // Process-wide: another test's source (60 s) may have set the read timeout last.
        Assert.True(Libgit2Timeouts.Read() is { ConnectMs: 15_000, IoMs: 30_000 or 60_000 });
        accepted.Close();
        blackHole.Stop();
    }
}
