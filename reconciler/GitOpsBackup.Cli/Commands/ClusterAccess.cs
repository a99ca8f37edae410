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

    /// <summary>Put into the client's HTTP pipeline (run counts API requests for its metrics).</summary>
    public DelegatingHandler[] Handlers { get; set; } = [];

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
        var connection = await OpenAsync(parsed, context, new EmbeddedClusterOptions { Time = context.Time }, ct);
        await SeedNamespacesAsync(context, desired);
        return connection;
    }

    /// <summary>Opens the cluster; the embedded one (when no real one is configured) starts with <paramref name="embedded"/>.</summary>
    public async Task<ClusterConnection> OpenAsync(ParseResult parsed, CliContext context, EmbeddedClusterOptions embedded, CancellationToken ct)
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
            Embedded = await EmbeddedKubernetes.StartAsync(embedded, token);
            return (Embedded.BaseAddress, Embedded);
        }, Handlers, ct);
        if (connection.Simulated)
        {
            // Loud, and on stderr so -o json stays machine-readable.
            await context.Error.WriteLineAsync($"*** {connection.Description} ***");
        }
        else
        {
            await context.Error.WriteLineAsync($"cluster: {connection.Description}");
        }

        return connection;
    }

    /// <summary>
    /// gitops-backup never creates namespaces (the app's Flux Kustomization does); in the simulation nobody
    /// else would, so they are seeded directly, outside the API and its request log. Nothing on a real cluster.
    /// </summary>
    public async Task SeedNamespacesAsync(CliContext context, DesiredState desired, params string[] more)
    {
        if (Embedded is not { } embedded)
        {
            return;
        }

        var namespaces = desired.Objects.Select(o => o.Namespace).Concat(more).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var missing = namespaces.Where(ns => embedded.State.Get("v1", "Namespace", null, ns) is null).ToList();
        foreach (var ns in missing)
        {
            embedded.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }

        if (missing.Count > 0)
        {
            await context.Error.WriteLineAsync($"simulated: namespaces created as Flux would: {string.Join(", ", missing)}");
        }
    }
}
