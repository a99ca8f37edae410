using GitOpsBackup.Cli;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Cli;

/// <summary>`apply` of a repo holding one hostile spec: that app is an error, the others are applied as before.</summary>
public sealed class HostileRepoApplyTests(EmbeddedTarget cluster) : IClassFixture<EmbeddedTarget>, IDisposable
{
    private readonly string _kubeconfig = PlanCommandTests.WriteKubeconfig(cluster);

    public void Dispose() => File.Delete(_kubeconfig);

    public static TheoryData<string, string> HostileApps => new()
    {
        // the good app's name (and namespace), the hostile app's spec body
        { "deep", $"  x: &a {new string('[', 40)}1{new string(']', 40)}\n  y: {new string('[', 30)}*a{new string(']', 30)}" },
        { "huge", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  resources:\n    limits:\n      memory: \"1e99999\"" },
        { "overflow", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  resources:\n    requests:\n      memory: " + new string('9', 309) },
    };

    [Theory]
    [MemberData(nameof(HostileApps))]
    public async Task HostileApp_IsAnErrorForThatAppOnly_TheOthersAreApplied(string good, string body)
    {
        cluster.Embedded!.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{good}}}"}}""");
        using var repo = new TempDirectory();
        repo.Write("defaults.yaml", SpecTexts.Defaults);
        repo.Write($"apps/{good}/backup.yaml", SpecTexts.App(SpecTexts.MinimalBody, name: good, ns: good));
        repo.Write("apps/bad/backup.yaml", SpecTexts.App(body, name: "bad", ns: "bad"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GitOpsBackup.Cli.Cli.RunAsync(["apply", repo.Path, "--kubeconfig", _kubeconfig], stdout, stderr);

        Assert.True(exit == ExitCodes.Findings, $"exit {exit}\n{stderr}");
        Assert.Contains($"created   CronJob {good}/backup-{good}", stdout.ToString(), StringComparison.Ordinal);
        Assert.NotNull(cluster.Embedded.State.Get("batch/v1", "CronJob", good, $"backup-{good}"));
        Assert.Matches(@"apps/bad/backup\.yaml:[0-9]+:[0-9]+: error: ", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }
}
