using System.Text.Json;
using GitOpsBackup.Diffing;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Diffing;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Rendering;
using GitOpsBackup.Tests.Specs;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// <c>gitops-backup diff</c> end to end on real clones: what it prints in each format and its exit
/// code (0 no change, 1 changes or errors at head, 2 usage or I/O error); with --kubeconfig, against
/// the embedded cluster.
/// </summary>
public sealed class DiffCommandTests(EmbeddedTarget cluster) : IClassFixture<EmbeddedTarget>
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GitOpsBackup.Cli.Cli.RunAsync(args, stdout, stderr, new FakeTimeProvider(DiffRepo.Now));
        return (exit, stdout.ToString().ReplaceLineEndings("\n"), stderr.ToString());
    }

    private static string Short(string sha) => sha[..12];

    [Fact]
    public async Task NoChange_ExitZero()
    {
        using var repo = new DiffRepo();
        var head = repo.Head(new() { ["README.md"] = "reworded\n" });

        var (exit, output, error) = await RunAsync("diff", "--base", "main", "--head", "origin/pr", repo.Checkout());

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal($"gitops-backup diff main@{Short(repo.Base)} → origin/pr@{Short(head)}\nno change to the backups\n", output);
    }

    [Fact]
    public async Task ScheduleChange_Text_EveryLine_ExitOne()
    {
        using var repo = new DiffRepo();
        var head = repo.Head(new() { [DiffRepo.AppBackup] = SpecTexts.App(DiffRepo.AppBody.Replace("0 1 * * *", "30 2 * * *", StringComparison.Ordinal)) });

        var (exit, output, _) = await RunAsync("diff", "--base", repo.Base, "--head", "origin/pr", repo.Checkout());

        Assert.Equal(1, exit);
        Assert.Equal(
            $"""
            gitops-backup diff {Short(repo.Base)} → origin/pr@{Short(head)}
            1 app: 1 changed; no warnings; head valid

            ~ apps/app (changed)
                - schedule 0 1 * * * (Europe/Berlin) → 30 2 * * * (Europe/Berlin)
                    next runs before: Sat 2026-03-28 01:00 +01:00, Sun 2026-03-29 01:00 +01:00, Mon 2026-03-30 01:00 +02:00
                    next runs after: Sat 2026-03-28 02:30 +01:00, Mon 2026-03-30 02:30 +02:00, Tue 2026-03-31 02:30 +02:00
                    no run at Sun 2026-03-29 02:30: that time does not exist in Europe/Berlin (the clocks spring forward)

            1 object: 1 changed (--objects prints the YAML diff)
              ~ CronJob apps/backup-app

            """,
            output);
    }

    [Fact]
    public async Task Objects_PrintsTheUnifiedYamlDiff()
    {
        using var repo = new DiffRepo();
        repo.Head(new() { [DiffRepo.AppBackup] = SpecTexts.App(DiffRepo.AppBody.Replace("0 1 * * *", "30 2 * * *", StringComparison.Ordinal)) });

        var (_, output, _) = await RunAsync("diff", "--base", "main", "--head", "origin/pr", "--objects", repo.Checkout());

        Assert.Contains("    --- a/apps/CronJob-backup-app.yaml\n    +++ b/apps/CronJob-backup-app.yaml\n", output, StringComparison.Ordinal);
        Assert.Contains("    -  schedule: 0 1 * * *\n    +  schedule: 30 2 * * *\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutHead_ComparesTheWorkingTree()
    {
        using var repo = new DiffRepo();
        var checkout = repo.Checkout();
        File.Delete(Path.Combine(checkout, "apps/other/backup.yaml"));

        var (exit, output, _) = await RunAsync("diff", "--base", "HEAD", checkout);

        Assert.Equal(1, exit);
        var lines = output.Split('\n');
        Assert.Equal($"gitops-backup diff HEAD@{Short(repo.Base)} → working tree", lines[0]);
        Assert.Equal("1 app: 1 removed; 1 danger; head valid", lines[1]);
        Assert.Contains("  !! other/other: loses its backup entirely while its PVC data is still in apps/other/: that data is no longer protected", lines);
    }

    [Fact]
    public async Task BrokenHead_ListsTheErrors_ExitOne()
    {
        using var repo = new DiffRepo();
        repo.Head(new() { [DiffRepo.AppBackup] = SpecTexts.App(DiffRepo.AppBody.Replace("app-backup", "ab", StringComparison.Ordinal)) });

        var (exit, output, _) = await RunAsync("diff", "--base", "main", "--head", "origin/pr", repo.Checkout());

        Assert.Equal(1, exit);
        var lines = output.Split('\n');
        Assert.Equal("1 app: 1 broken at head; 2 warnings; head has 1 error", lines[1]);
        Assert.Equal("errors at head:", lines[3]);
        Assert.StartsWith("  apps/app/backup.yaml:9:17: spec.backupBucket: bucket name 'ab' must be 3 to 63 characters long (it has 2) (hint: ", lines[4], StringComparison.Ordinal);
        Assert.Contains("x apps/app (broken at head)", lines);
    }

    [Theory]
    [InlineData("no-such-branch", "revision 'no-such-branch' is not a commit in this repository")]
    [InlineData("main..pr", "revision 'main..pr'")]
    public async Task UnknownRevision_ExitTwo(string rev, string message)
    {
        using var repo = new DiffRepo();

        var (exit, output, error) = await RunAsync("diff", "--base", rev, "--head", "main", repo.Checkout());

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: " + message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotAGitRepository_ExitTwo()
    {
        using var dir = new TempDirectory();

        var (exit, _, error) = await RunAsync("diff", "--base", "main", dir.Path);

        Assert.Equal(2, exit);
        Assert.Contains("not inside a git repository", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingBase_IsAUsageError_ExitTwo()
    {
        var (exit, _, error) = await RunAsync("diff", "--head", "main");

        Assert.Equal(2, exit);
        Assert.Contains("--base", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpecsInASubfolder_NewAtHead_ComparesAgainstEmpty()
    {
        using var repo = new DiffRepo();
        repo.Head(DiffRepo.BaseFiles().ToDictionary(f => "cluster/" + f.Key, f => f.Value));

        var (exit, output, error) = await RunAsync("diff", "--base", "main", "--head", "origin/pr", repo.Checkout(), "--path", "cluster");

        Assert.Equal(1, exit);
        Assert.StartsWith($"note: cluster does not exist at main@{Short(repo.Base)}; compared as empty", error, StringComparison.Ordinal);
        Assert.Equal("2 apps: 2 added; 1 repo-wide change; no warnings; head valid", output.Split('\n')[1]);
    }

    [Fact]
    public async Task PathInsideTheWorkingTree_ReadsThatFolderAtEachRevision()
    {
        using var repo = new DiffRepo();
        repo.Head(DiffRepo.BaseFiles().ToDictionary(f => "cluster/" + f.Key, f => f.Value));
        var checkout = repo.Checkout();
        GitCli.Run(checkout, "checkout", "-q", "origin/pr");

        var (same, sameOutput, _) = await RunAsync("diff", "--base", "origin/pr", "--head", "HEAD", Path.Combine(checkout, "cluster"));
        var (outside, _, outsideError) = await RunAsync("diff", "--base", "main", "--head", "HEAD", checkout, "--path", "../..");

        Assert.Equal(0, same);
        Assert.EndsWith("no change to the backups\n", sameOutput, StringComparison.Ordinal);
        Assert.Equal(2, outside);
        Assert.Contains("leaves the repository", outsideError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_IsOneStableDocument()
    {
        using var repo = new DiffRepo();
        repo.Head(new() { [DiffRepo.OtherBackup] = SpecTexts.App(DiffRepo.OtherBody + "  retention: {daily: 7, weekly: 2, monthly: 6, yearly: 1}\n", name: "other", ns: "other") });

        var (exit, output, _) = await RunAsync("diff", "--base", "main", "--head", "origin/pr", "--format", "json", repo.Checkout());

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("changed").GetBoolean());
        Assert.True(root.GetProperty("headValid").GetBoolean());
        var warning = Assert.Single(root.GetProperty("warnings").EnumerateArray());
        Assert.Equal("warning", warning.GetProperty("severity").GetString());
        Assert.Equal("retention", warning.GetProperty("topic").GetString());
        Assert.Equal("other/other", warning.GetProperty("app").GetString());
        Assert.Equal("retention weekly 6 → 2: up to 4 weekly snapshots are deleted at the next prune", warning.GetProperty("text").GetString());
        var app = Assert.Single(root.GetProperty("apps").EnumerateArray());
        Assert.Equal(("other", "other", "changed"), (app.GetProperty("namespace").GetString(), app.GetProperty("name").GetString(), app.GetProperty("change").GetString()));
        var cronJob = Assert.Single(root.GetProperty("objects").EnumerateArray());
        Assert.Equal(("CronJob", "changed"), (cronJob.GetProperty("kind").GetString(), cronJob.GetProperty("change").GetString()));
        Assert.Contains("-              value: \"6\"\n+              value: \"2\"\n", cronJob.GetProperty("diff").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repo_FetchesBaseAndHead()
    {
        using var repo = new DiffRepo();
        using var cache = new TempDirectory();
        var head = repo.Head(new() { [DiffRepo.CloneFile] = DiffRepo.DeviceClone });

        var (exit, output, error) = await RunAsync("diff", "--repo", repo.Git.BarePath, "--cache-dir", cache.Path, "--base", "main", "--head", "pr");
        var (noHead, _, noHeadError) = await RunAsync("diff", "--repo", repo.Git.BarePath, "--cache-dir", cache.Path, "--base", "main");

        Assert.True(exit == 1, error);
        Assert.StartsWith($"gitops-backup diff main@{Short(repo.Base)} → pr@{Short(head)}\n", output, StringComparison.Ordinal);
        Assert.Contains("  ! repository: the external clone switches to device mode: the clone Job runs privileged and mounts /dev/sdb1 on node-3 for each run (widens privileges)\n", output, StringComparison.Ordinal);
        Assert.Equal(2, noHead);
        Assert.Contains("give --head too", noHeadError, StringComparison.Ordinal);
    }

    /// <summary>One pull request that does a bit of everything: the comment a reviewer would see.</summary>
    [Fact]
    public async Task Markdown_PullRequestComment_MatchesSnapshot()
    {
        using var repo = new DiffRepo();
        var head = repo.Head(new()
        {
            // Add an app; drop the other app's spec while its PVC stays.
            ["apps/new/pvc.yaml"] = DiffRepo.Pvcs("db"),
            ["apps/new/backup.yaml"] = SpecTexts.App("  backupBucket: new-backup\n  schedule: \"15 4 * * *\"\n  volumes:\n    - name: db\n", name: "new", ns: "new"),
            [DiffRepo.OtherBackup] = null,

            // Across the DST night, with less weekly retention and one more bucket.
            [DiffRepo.AppBackup] = SpecTexts.App(
                DiffRepo.AppBody.Replace("0 1 * * *", "30 2 * * *", StringComparison.Ordinal)
                + "    - name: app-photos\n      external: true\n  retention: {daily: 7, weekly: 2, monthly: 6, yearly: 1}\n"),

            // The clone mounts the disk itself now.
            [DiffRepo.CloneFile] = DiffRepo.DeviceClone,
        });

        var (exit, output, _) = await RunAsync("diff", "--base", "main", "--head", "origin/pr", "--format", "markdown", repo.Checkout());

        Assert.Equal(1, exit);
        Assert.StartsWith(DiffMarkdownPrinter.Marker + "\n", output, StringComparison.Ordinal);
        Snapshot.Verify("diff-pull-request", output.Replace(Short(repo.Base), "<base>", StringComparison.Ordinal).Replace(Short(head), "<head>", StringComparison.Ordinal), "md");
    }

    [Fact]
    public async Task Kubeconfig_AddsDrift_Prunes_AndThePruneGuardsVerdict()
    {
        using var repo = new DiffRepo();
        var kubeconfig = PlanCommandTests.WriteKubeconfig(cluster);
        try
        {
            // The cluster runs base, then someone edits a CronJob the pull request does not touch.
            foreach (var ns in new[] { "apps", "other" })
            {
                cluster.Embedded!.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
            }

            var checkout = repo.Checkout();
            var (applied, _, applyError) = await RunAsync("apply", checkout, "--kubeconfig", kubeconfig);
            Assert.True(applied == 0, applyError);
            using var client = cluster.NewClient();
            await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"spec":{"schedule":"5 5 * * *"}}""", V1Patch.PatchType.MergePatch), "backup-app", "apps");
            repo.Head(new() { [DiffRepo.OtherBackup] = null });
            GitCli.Run(checkout, "fetch", "-q", "origin");
            cluster.Embedded!.Requests.Reset();

            var (exit, output, diffError) = await RunAsync("diff", "--base", "main", "--head", "origin/pr", checkout, "--kubeconfig", kubeconfig);
            var (_, guarded, _) = await RunAsync("diff", "--base", "main", "--head", "origin/pr", checkout, "--kubeconfig", kubeconfig, "--max-prune-share", "0.2");

            Assert.True(exit == 1, diffError);
            var live = output[output.IndexOf("\ncluster ", StringComparison.Ordinal)..].Split('\n').Skip(1).ToArray();
            Assert.Matches("^cluster .*: 0 to create, 1 to update, 1 to delete, 0 unchanged, 0 skipped$", live[0]);
            Assert.Equal(
                "  drifted: CronJob apps/backup-app: spec.schedule differ in the cluster; apply reverts them\n"
                + "  pruned:  CronJob other/backup-other: no longer in the repo\n"
                + "  the prune guard lets this apply through",
                string.Join('\n', live[1..4]));
            Assert.Contains("  prune guard: this pass would delete 1 of 2 managed apps", guarded, StringComparison.Ordinal);
            Assert.Equal(0, cluster.Embedded.Requests.Writes);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task Context_WithoutKubeconfig_IsAUsageError()
    {
        using var repo = new DiffRepo();

        var (exit, _, error) = await RunAsync("diff", "--base", "main", repo.Checkout(), "--context", "prod");

        Assert.Equal(2, exit);
        Assert.Contains("--context needs --kubeconfig", error, StringComparison.Ordinal);
    }
}
