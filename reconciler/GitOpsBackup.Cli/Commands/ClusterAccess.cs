using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using k8s;

namespace GitOpsBackup.Cli.Commands;

/// <summary>The --kubeconfig/--context options of plan and apply, and opening the chosen cluster.</summary>
internal sealed class ClusterAccess
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster config, else the embedded simulated cluster)" };

    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context (default: the current context)" };

    /// <summary>The embedded cluster started for this command, when no real cluster was configured.</summary>
    public EmbeddedKubernetes? Embedded { get; private set; }

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
    }

    public async Task<ClusterConnection> OpenAsync(ParseResult parsed, CliContext context, CancellationToken ct)
    {
        var target = ClusterTarget.Resolve(
            parsed.GetValue(Kubeconfig),
            parsed.GetValue(Context),
            Environment.GetEnvironmentVariable("KUBECONFIG"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            File.Exists,
            KubernetesClientConfiguration.IsInCluster());
        var connection = await ClusterConnection.OpenAsync(target, async token =>
        {
            Embedded = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions { Time = context.Time }, token);
            return (Embedded.BaseAddress, Embedded);
        }, ct);
        if (connection.Simulated)
        {
            // Loud, and on stderr so -o json stays machine-readable.
            await context.Error.WriteLineAsync($"*** SIMULATED: {connection.Description} ***");
        }
        else
        {
            await context.Error.WriteLineAsync($"cluster: {connection.Description}");
        }

        return connection;
    }
}
