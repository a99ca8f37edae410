using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Planning;
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

    /// <summary>Opens the cluster; on the embedded one, first plays Flux's part and creates the apps' namespaces.</summary>
    public async Task<ClusterConnection> OpenAsync(ParseResult parsed, CliContext context, DesiredState desired, CancellationToken ct)
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
            await context.Error.WriteLineAsync($"*** {connection.Description} ***");
            if (Embedded is { } embedded)
            {
                // gitops-backup never creates namespaces (the app's Flux Kustomization does); in the simulation nobody
                // else would, so they are seeded directly, outside the API and its request log.
                var namespaces = desired.Objects.Select(o => o.Namespace).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                foreach (var ns in namespaces)
                {
                    embedded.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
                }

                await context.Error.WriteLineAsync($"simulated: namespaces created as Flux would: {string.Join(", ", namespaces)}");
            }
        }
        else
        {
            await context.Error.WriteLineAsync($"cluster: {connection.Description}");
        }

        return connection;
    }
}
