namespace GitOpsBackup.Admission;

/// <summary>
/// Where a claim's volume is, and so where a backup Job that mounts it must run. An RWO volume can
/// be mounted on one node only; a backup pod scheduled elsewhere would hang in ContainerCreating
/// (the k8up #978 race), so admission pins the Job before it un-suspends it.
/// </summary>
public static class VolumePlacement
{
    /// <summary>
    /// The node of claim <paramref name="claim"/> in <paramref name="ns"/>: its PV's attached
    /// VolumeAttachment, else a running pod mounting it, else the PV's single affinity hostname, else anywhere.
    /// </summary>
    public static Placement Of(string ns, string claim, PlacementFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var volume = facts.Claims.FirstOrDefault(c => c.Namespace == ns && c.Name == claim)?.VolumeName;

        // Several attached nodes means a multi-attach volume; any of them works, the first by name keeps it stable.
        var attachedTo = volume is null ? null : facts.Attachments
            .Where(a => a.Attached && a.VolumeName == volume)
            .Select(a => a.Node)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        if (attachedTo is not null)
        {
            return new Placement(attachedTo, PlacementSource.VolumeAttachment);
        }

        var pod = facts.Pods
            .Where(p => p.Running && p.Node is not null && p.Namespace == ns && p.Claims.Contains(claim))
            .OrderBy(p => p.Node, StringComparer.Ordinal)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (pod is not null)
        {
            return new Placement(pod.Node, PlacementSource.Pod) { Pod = pod.Name };
        }

        var hostnames = volume is null ? [] : facts.Volumes
            .Where(v => v.Name == volume)
            .SelectMany(v => v.AffinityHostnames)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return hostnames.Count == 1 ? new Placement(hostnames[0], PlacementSource.NodeAffinity) : Placement.Anywhere;
    }

    /// <summary>Where <paramref name="job"/> can run, from all its claims and the nodes' state.</summary>
    public static JobPlacement OfJob(BackupJob job, PlacementFacts facts)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(facts);
        var placed = job.Claims
            .Distinct(StringComparer.Ordinal)
            .Select(claim => (Claim: claim, Placement: Of(job.Namespace, claim, facts)))
            .Where(c => c.Placement.Node is not null)
            .ToList();
        if (placed.Count == 0)
        {
            var why = job.Claims.Count == 0 ? "it mounts no volumes" : "its volumes can be mounted on any node";
            return new JobPlacement(JobPlacementVerdict.Anywhere, null, PlacementSource.Anywhere, why);
        }

        if (placed.Select(c => c.Placement.Node).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            var where = string.Join(", ", placed.Select(c => $"{c.Claim} on {c.Placement.Node} ({c.Placement.Evidence})"));
            return new JobPlacement(JobPlacementVerdict.Unplaceable, null, PlacementSource.Anywhere, $"volumes on different nodes: {where}");
        }

        // The reason names the strongest evidence; the others agree with it.
        var (claim, placement) = placed.OrderBy(c => c.Placement.Source).First();
        var node = placement.Node!;
        var reason = placement.Describe(claim);
        var fact = facts.Nodes.FirstOrDefault(n => n.Name == node);
        return fact switch
        {
            null => new JobPlacement(JobPlacementVerdict.Unplaceable, node, placement.Source, $"{reason}, but the cluster has no node {node}"),
            { Ready: false } => new JobPlacement(JobPlacementVerdict.NodeUnavailable, node, placement.Source, $"{node} is not Ready; {reason}"),
            { Unschedulable: true } => new JobPlacement(JobPlacementVerdict.NodeUnavailable, node, placement.Source, $"{node} is cordoned; {reason}"),
            _ => new JobPlacement(JobPlacementVerdict.Pinned, node, placement.Source, reason),
        };
    }
}
