using System.Text;
using GitOpsBackup.EmbeddedCluster;
using k8s;

namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>A cluster the contract cases run against: the embedded one, or a real one from a kubeconfig.</summary>
public abstract class ContractTarget
{
    /// <summary>Kubeconfig text for clients and kubectl.</summary>
    public abstract string KubeconfigYaml { get; }

    /// <summary>The embedded cluster (request log, faults), or null for a real cluster.</summary>
    internal virtual EmbeddedKubernetes? Embedded => null;

    internal Kubernetes NewClient(params DelegatingHandler[] handlers)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(KubeconfigYaml));
        return new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream), handlers);
    }
}
