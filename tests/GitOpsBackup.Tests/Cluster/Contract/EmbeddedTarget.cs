using GitOpsBackup.EmbeddedCluster;

namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>The embedded cluster, started once for the contract test class.</summary>
public sealed class EmbeddedTarget : ContractTarget, IAsyncLifetime
{
    private EmbeddedKubernetes? _cluster;

    public override string KubeconfigYaml => Cluster.KubeconfigYaml();

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
