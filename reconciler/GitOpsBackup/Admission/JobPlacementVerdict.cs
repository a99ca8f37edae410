namespace GitOpsBackup.Admission;

/// <summary>What a Job's volumes say about where it can run.</summary>
public enum JobPlacementVerdict
{
    /// <summary>All its placed volumes are on one Ready, schedulable node.</summary>
    Pinned,

    /// <summary>No volume ties it to a node (or it mounts none): admission picks the least busy node.</summary>
    Anywhere,

    /// <summary>Its volumes are on one node that is not Ready or is cordoned: it waits, the node may come back.</summary>
    NodeUnavailable,

    /// <summary>Its volumes are on different nodes, or on a node the cluster does not have.</summary>
    Unplaceable,
}
