using System.Diagnostics;
using GitOpsBackup.Tests.Fixtures;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// What `make run` does: `gitops-backup apply sample-repo` with no cluster configured, as a child
/// process with an explicit environment (no KUBECONFIG, an empty HOME): the embedded cluster.
/// </summary>
public sealed class ApplySampleRepoTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("gitops-backup-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gitops-backup.dll"));
        args.ToList().ForEach(start.ArgumentList.Add);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = _home;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr);
    }

    [Fact]
    public void Apply_WithNoClusterConfigured_UsesTheEmbeddedCluster()
    {
        var (exit, output, errors) = Run("apply", CheckoutPaths.SampleRepo);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("*** SIMULATED embedded cluster at http://127.0.0.1:", errors, StringComparison.Ordinal);
        Assert.Contains("created   CronJob nextcloud/", output, StringComparison.Ordinal);
        Assert.Matches(@"Apply complete: [1-9]\d* created, 0 updated, 0 recreated, 0 deleted, 0 unchanged, 0 skipped, 0 failed\.", output);
    }

    [Fact]
    public void Demo_PlaysTheSampleNight_AllBackupsThenOneClone_AndWritesTheEvents()
    {
        var events = Path.Combine(_home, "events.jsonl");

        var (exit, output, errors) = Run("demo", CheckoutPaths.SampleRepo, "--events", events);

        Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("SIMULATED", errors, StringComparison.Ordinal);
        foreach (var app in new[] { "nextcloud", "immich", "paperless", "vaultwarden" })
        {
            Assert.Matches($@"(?m)^\S+\s+{app}\s.*\sok\s", output);
        }

        var lines = File.ReadAllLines(events).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.All(lines, l => Assert.True(l.ContainsKey("time") && l.ContainsKey("type") && l.ContainsKey("app") && l.ContainsKey("namespace") && l.ContainsKey("node") && l.ContainsKey("job")));
        Assert.Equal(4, lines.Count(l => (string?)l["type"] == "admit"));
        Assert.Equal(4, lines.Count(l => (string?)l["type"] == "finish"));
        var cloneCreated = DateTimeOffset.Parse((string)Assert.Single(lines, l => (string?)l["type"] == "clone-create")["time"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(lines, l => (string?)l["type"] == "clone-finish");
        var lastFinish = lines.Where(l => (string?)l["type"] == "finish").Max(l => DateTimeOffset.Parse((string)l["time"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(cloneCreated >= lastFinish, $"clone created {cloneCreated:O} before the last backup finished {lastFinish:O}");
        Assert.Matches(@"Events: .*admit 4", output);
    }

    [Fact]
    public void Plan_DetailedExitcode_Is1_OnAnEmptySimulatedCluster()
    {
        var (exit, output, errors) = Run("plan", CheckoutPaths.SampleRepo, "--detailed-exitcode");

        Assert.True(exit == 1, $"exit {exit}\n{output}\n{errors}");
        Assert.Contains("create  CronJob  nextcloud/", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_OfAMissingFolder_IsAnIoError()
    {
        var (exit, _, errors) = Run("plan", Path.Combine(_home, "nope"));

        Assert.Equal(2, exit);
        Assert.Contains("no such directory", errors, StringComparison.Ordinal);
    }
}
