using System.CommandLine;
using System.Runtime.InteropServices;
using GitOpsBackup.EmbeddedCluster;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup cluster</c>: runs the embedded (simulated) Kubernetes API until Ctrl+C / SIGTERM.</summary>
internal static class ClusterCommand
{
    public static Command Create(CliContext context)
    {
        var kubeconfigOut = new Option<FileInfo?>("--kubeconfig-out") { Description = "Write a kubeconfig for the embedded cluster to this file (default: a file in the temp folder)" };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one)" };
        var simulate = new Option<bool>("--simulate") { Description = "Simulate the control plane: CronJobs fire Jobs, Jobs run and succeed" };
        var nodes = new Option<int?>("--nodes") { Description = "With --simulate: how many nodes (node-1..node-N; default 2)" };
        var command = new Command("cluster", "Run the embedded, simulated Kubernetes API on 127.0.0.1 (for tests, demos and make run)")
        {
            kubeconfigOut, port, simulate, nodes,
        };
        command.SetAction(async (parsed, ct) =>
        {
            if (parsed.GetValue(nodes) is < 1 or > 100)
            {
                await context.Error.WriteLineAsync("error: --nodes must be between 1 and 100");
                return ExitCodes.UsageOrIo;
            }

            var options = new EmbeddedClusterOptions { Port = parsed.GetValue(port), Simulate = parsed.GetValue(simulate), Nodes = parsed.GetValue(nodes), Time = context.Time };
            await using var cluster = await EmbeddedKubernetes.StartAsync(options, ct);
            var path = parsed.GetValue(kubeconfigOut)?.FullName
                ?? Path.Combine(Path.GetTempPath(), $"gitops-backup-embedded-{cluster.BaseAddress.Port}.kubeconfig");
            cluster.WriteKubeconfig(path);
            await context.Out.WriteLineAsync($"Embedded Kubernetes API (SIMULATED, not a real cluster) at {cluster.BaseAddress}");
            await context.Out.WriteLineAsync($"server version {EmbeddedKubernetes.GitVersion}{(options.Simulate ? ", control-plane simulation on" : "")}");
            await context.Out.WriteLineAsync($"kubeconfig: {path}");
            await context.Out.WriteLineAsync($"  export KUBECONFIG={path}");
            await context.Out.WriteLineAsync("Press Ctrl+C to stop.");
            await context.Out.FlushAsync(CancellationToken.None);
            // Stop cleanly on Ctrl+C and on SIGTERM (a container runtime or CI stopping us).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            void Stop(PosixSignalContext signal)
            {
                signal.Cancel = true;
                stop.Cancel();
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop cleanly.
            }

            await context.Out.WriteLineAsync("Embedded cluster stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
