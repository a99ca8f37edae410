namespace GitOpsBackup.Cluster;

/// <summary>The cluster could not be reached or configured (bad kubeconfig, unknown context, missing file).</summary>
internal sealed class ClusterConnectionException : Exception
{
    public ClusterConnectionException(string message)
        : base(message)
    {
    }

    public ClusterConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClusterConnectionException()
    {
    }
}
