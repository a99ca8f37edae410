using System.CommandLine;
using System.Text.Json.Nodes;
using GitOpsBackup.Cli;
using GitOpsBackup.Cli.Commands;
using GitOpsBackup.Planning;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using static GitOpsBackup.Tests.Planning.TestObjects;

namespace GitOpsBackup.Tests.Cli;

/// <summary>`plan` against the embedded cluster, with the desired objects given (not loaded from a repo).</summary>
public sealed class PlanCommandTests(EmbeddedTarget cluster) : IClassFixture<EmbeddedTarget>, IDisposable
{
    private readonly string _kubeconfig = WriteKubeconfig(cluster);

    internal static string WriteKubeconfig(ContractTarget target)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gitops-backup-cli-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, target.KubeconfigYaml);
        return path;
    }

    public void Dispose() => File.Delete(_kubeconfig);

    private async Task<(int Exit, string Out, string Err)> PlanAsync(DesiredState desired, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var root = new RootCommand { PlanCommand.Create(new CliContext(stdout, stderr, TimeProvider.System), (_, _, _) => Task.FromResult(desired)) };
        var exit = await root.Parse(["plan", "--kubeconfig", _kubeconfig, .. args]).InvokeAsync();
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task PrintsATable_AndWritesNothing()
    {
        cluster.Embedded!.Requests.Reset();

        var (exit, output, errors) = await PlanAsync(State(CronJob("photos", "photos"), CronJob("wiki", "wiki")));

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("create  CronJob  photos/backup-photos  not in the cluster", output, StringComparison.Ordinal);
        Assert.EndsWith("Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged, 0 skipped.\n", output, StringComparison.Ordinal);
        Assert.Contains("cluster: http://127.0.0.1:", errors, StringComparison.Ordinal);
        Assert.Equal(0, cluster.Embedded.Requests.Writes);
        Assert.Equal(0, cluster.Embedded.Requests.Count("apply"));
    }

    [Theory]
    [InlineData(true, ExitCodes.Findings)]
    [InlineData(false, ExitCodes.Ok)]
    public async Task DetailedExitcode_Is1_WhenThereAreChanges(bool detailed, int expected)
    {
        var (exit, _, _) = await PlanAsync(State(CronJob("a", "a")), detailed ? ["--detailed-exitcode"] : []);

        Assert.Equal(expected, exit);
    }

    [Fact]
    public async Task DetailedExitcode_Is0_WithoutChanges()
    {
        var (exit, output, _) = await PlanAsync(State(), "--detailed-exitcode");

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains("No changes", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_IsPlainAndParses()
    {
        var (exit, output, _) = await PlanAsync(State(CronJob("a", "a")), "-o", "json");

        Assert.Equal(ExitCodes.Ok, exit);
        var json = JsonNode.Parse(output)!;
        Assert.Equal("create", (string?)json["changes"]![0]!["action"]);
    }

    [Fact]
    public async Task Yaml_IsPrinted()
    {
        var (_, output, _) = await PlanAsync(State(CronJob("a", "a")), "-o", "yaml");

        Assert.Contains("- action: create", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownContext_IsAUsageError()
    {
        var (exit, _, errors) = await PlanAsync(State(), "--context", "nope");

        Assert.Equal(ExitCodes.UsageOrIo, exit);
        Assert.Contains("nope", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingKubeconfig_IsAnIoError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var root = new RootCommand { PlanCommand.Create(new CliContext(stdout, stderr, TimeProvider.System), (_, _, _) => Task.FromResult(State())) };

        var exit = await root.Parse(["plan", "--kubeconfig", "/nonexistent/kubeconfig"]).InvokeAsync();

        Assert.Equal(ExitCodes.UsageOrIo, exit);
        Assert.Contains("/nonexistent/kubeconfig", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerUrlWithUserInfo_IsPrintedScrubbed()
    {
        var server = cluster.Embedded!.BaseAddress;
        var path = Path.Combine(Path.GetTempPath(), $"gitops-backup-cli-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, EmbeddedTarget.Kubeconfig(new Uri($"{server.Scheme}://admin:hunter2@{server.Authority}"), "t"));
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var root = new RootCommand { PlanCommand.Create(new CliContext(stdout, stderr, TimeProvider.System), (_, _, _) => Task.FromResult(State())) };

            await root.Parse(["plan", "--kubeconfig", path]).InvokeAsync();

            Assert.Contains($"cluster: {server.Scheme}://***@{server.Authority} (context embedded, from --kubeconfig)", stderr.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", stderr.ToString() + stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("admin", stderr.ToString() + stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, string> HostileApps => new()
    {
        // what, spec body of the hostile app
        { "an alias that deepens nesting past the limit", $"  x: &a {new string('[', 40)}1{new string(']', 40)}\n  y: {new string('[', 30)}*a{new string(']', 30)}" },
        { "a huge memory", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  resources:\n    limits:\n      memory: " + new string('9', 309) },
        { "a memory with a huge exponent", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  resources:\n    limits:\n      memory: \"1e99999\"" },
    };

    [Theory]
    [MemberData(nameof(HostileApps))]
    public async Task HostileApp_IsAnErrorForThatAppOnly_TheOthersArePlanned(string what, string body)
    {
        using var repo = new GitOpsBackup.Tests.Specs.TempDirectory();
        repo.Write("defaults.yaml", GitOpsBackup.Tests.Specs.SpecTexts.Defaults);
        repo.Write("apps/good/backup.yaml", GitOpsBackup.Tests.Specs.SpecTexts.App(GitOpsBackup.Tests.Specs.SpecTexts.MinimalBody, name: "good", ns: "good"));
        repo.Write("apps/bad/backup.yaml", GitOpsBackup.Tests.Specs.SpecTexts.App(body, name: "bad", ns: "bad"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GitOpsBackup.Cli.Cli.RunAsync(["plan", repo.Path, "--kubeconfig", _kubeconfig, "--detailed-exitcode"], stdout, stderr);

        Assert.True(exit == ExitCodes.Findings, $"{what}: exit {exit}\n{stderr}");
        Assert.Contains("create  CronJob  good/backup-good", stdout.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"apps/bad/backup\.yaml:[0-9]+:[0-9]+: error: ", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThroughTheCli_LoadsAndRendersTheRepo()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GitOpsBackup.Cli.Cli.RunAsync(["plan", CheckoutPaths.SampleRepo, "--kubeconfig", _kubeconfig], stdout, stderr);

        Assert.True(exit == ExitCodes.Ok, stderr.ToString());
        Assert.Contains("create  CronJob  nextcloud/", stdout.ToString(), StringComparison.Ordinal);
    }
}
