using System.Text.Json;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// Rendered CronJobs (backup, and the restore drill when on) kept per app across renders, keyed by a hash of everything the CronJob is built
/// from (the app's spec, the repo's defaults, its concrete schedule, the cluster facts). A new
/// revision that leaves an app alone reuses its CronJob, only the informational revision annotation
/// moves; so one changed spec re-renders one app. Not thread-safe: one per reconcile loop.
/// </summary>
public sealed class AppRenderCache
{
    private Dictionary<AppKey, (string Key, IReadOnlyList<V1CronJob> CronJobs)> _entries = [];
    private Dictionary<AppKey, (string Key, IReadOnlyList<V1CronJob> CronJobs)> _next = [];

    /// <summary>CronJobs actually rendered (cache misses) since this cache was made.</summary>
    public int Rendered { get; private set; }

    internal IReadOnlyList<V1CronJob> GetOrRender(HomelabBackup app, BackupDefaults defaults, string schedule, ClusterFacts facts, string revision, Func<IReadOnlyList<V1CronJob>> render)
    {
        var key = Hashing.Sha256Hex(JsonSerializer.Serialize(new { app, defaults, schedule, facts }));
        if (_entries.TryGetValue(app.Key, out var hit) && hit.Key == key)
        {
            foreach (var cronJob in hit.CronJobs)
            {
                cronJob.Metadata.Annotations[Ownership.RevisionAnnotation] = revision;
            }
        }
        else
        {
            hit = (key, render());
            Rendered++;
        }

        _next[app.Key] = hit;
        return hit.CronJobs;
    }

    /// <summary>Ends one render: apps that were not rendered this time drop out.</summary>
    internal void Commit()
    {
        _entries = _next;
        _next = [];
    }
}
