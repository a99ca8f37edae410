using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using k8s.Models;

namespace GitOpsBackup.Cli.Demo;

/// <summary>
/// What the apps themselves would have put in a real cluster before the night: their namespaces
/// and PVCs, each bound to a PV attached to a node. All volumes of one app sit on one node, spread
/// over the nodes by a hash of the app, so the same repo always gives the same world.
/// </summary>
internal static class DemoWorld
{
    public static void Seed(EmbeddedKubernetes cluster, RepoState state, IReadOnlyList<string> nodes)
    {
        foreach (var cronJob in state.Desired.Objects.Select(o => o.Resource).OfType<V1CronJob>())
        {
            var ns = cronJob.Metadata.NamespaceProperty;
            var app = cronJob.Metadata.Labels[Ownership.AppLabel];
            var node = nodes[Rendering.Hashing.Pick($"{ns}/{app}", nodes.Count)];
            foreach (var claim in cronJob.Spec.JobTemplate.Spec.Template.Spec.Volumes.Where(v => v.PersistentVolumeClaim is not null).Select(v => v.PersistentVolumeClaim.ClaimName))
            {
                cluster.State.SeedVolume(ns, claim, node);
            }
        }
    }
}
