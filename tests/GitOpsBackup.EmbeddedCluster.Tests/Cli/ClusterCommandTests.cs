using System.Diagnostics;

namespace GitOpsBackup.EmbeddedCluster.Tests.Cli;

/// <summary>`gitops-backup cluster` as a user runs it: a process that serves until SIGTERM.</summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gob-cli-{Guid.NewGuid():N}")).FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Cluster_WritesAKubeconfig_SaysSimulated_ServesKubectl_AndStopsOnSigterm()
    {
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "gitops-backup.dll"), "cluster", "--kubeconfig-out", kubeconfig, "--simulate", "--nodes", "3" })
        {
            start.ArgumentList.Add(arg);
        }

        using var server = Process.Start(start)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var banner = new List<string>();
        while (await server.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            banner.Add(line);
            if (line.StartsWith("Press Ctrl+C", StringComparison.Ordinal))
            {
                break;
            }
        }

        try
        {
            var kubectl = new Kubectl.Kubectl(kubeconfig, dir);
            var version = await kubectl.OkAsync("version");
            var nodes = await kubectl.OkAsync("get", "nodes", "-o", "name");

            Assert.Contains(banner, l => l.Contains("SIMULATED", StringComparison.Ordinal));
            Assert.Contains(banner, l => l.Contains(kubeconfig, StringComparison.Ordinal));
            Assert.Contains("gitops-backup-simulated", version, StringComparison.Ordinal);
            Assert.Equal(["node/node-1", "node/node-2", "node/node-3"], nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync(cts.Token);
            await server.WaitForExitAsync(cts.Token);
        }

        var rest = await server.StandardOutput.ReadToEndAsync(cts.Token);
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("Embedded cluster stopped.", rest, StringComparison.Ordinal);
    }
}
