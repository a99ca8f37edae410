using GitOpsBackup.EmbeddedCluster;

namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>The embedded cluster, started once for the contract test class.</summary>
public sealed class EmbeddedTarget : ContractTarget, IAsyncLifetime
{
    private EmbeddedKubernetes? _cluster;

    public override string KubeconfigYaml => Kubeconfig(Cluster.BaseAddress, "embedded-test-token");

    /// <summary>A kubeconfig for the embedded cluster with a bearer token (the server checks none; clients insist on one).</summary>
    internal static string Kubeconfig(Uri server, string token) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: embedded
          cluster:
            server: {server.ToString().TrimEnd('/')}
        users:
        - name: embedded
          user:
            token: {token}
        contexts:
        - name: embedded
          context:
            cluster: embedded
            user: embedded
        current-context: embedded

        """;

    internal override EmbeddedKubernetes? Embedded => Cluster;

    private EmbeddedKubernetes Cluster => _cluster ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _cluster = await EmbeddedKubernetes.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
