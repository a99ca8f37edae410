using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsBackup.Restoring;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace GitOpsBackup.Cluster;

/// <summary>
/// The cluster side of snapshots and restore: read the facts a restore plan needs (the PVC, the pods
/// and workloads mounting it), create the rendered objects, scale workloads, wait for a Job and read
/// its pod's log. Every wait is bounded and runs on the injected clock.
/// </summary>
internal sealed class RestoreIo(IKubernetes client, TimeProvider time)
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(2);

    public async Task<VolumeFacts> FactsAsync(string ns, string claim, string? target, CancellationToken ct)
    {
        var source = await GetOrNullAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claim, ns, cancellationToken: ct));
        var targetExists = target is not null && await GetOrNullAsync(() => client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(target, ns, cancellationToken: ct)) is not null;
        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct);
        var mountedBy = pods.Items
            .Where(p => p.Status?.Phase is "Running" or "Pending" && Mounts(p.Spec, claim))
            .Select(p => p.Metadata.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new VolumeFacts
        {
            Capacity = source?.Spec?.Resources?.Requests?.TryGetValue("storage", out var size) == true ? size.ToString() : null,
            StorageClass = source?.Spec?.StorageClassName,
            MountedBy = mountedBy,
            Workloads = await WorkloadsAsync(ns, claim, ct),
            TargetExists = targetExists,
        };
    }

    /// <summary>Creates the rendered objects in order (the PVC before the Job that mounts it).</summary>
    public async Task CreateAsync(IEnumerable<IKubernetesObject<V1ObjectMeta>> objects, CancellationToken ct)
    {
        foreach (var item in objects)
        {
            var ns = item.Metadata.NamespaceProperty;
            switch (item)
            {
                case V1PersistentVolumeClaim pvc:
                    await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(pvc, ns, fieldManager: Ownership.FieldManager, cancellationToken: ct);
                    break;
                case V1Job job:
                    await client.BatchV1.CreateNamespacedJobAsync(job, ns, fieldManager: Ownership.FieldManager, cancellationToken: ct);
                    break;
                default:
                    throw new NotSupportedException($"cannot create a {item.Kind}");
            }
        }
    }

    public async Task ScaleAsync(string ns, Workload workload, int replicas, CancellationToken ct)
    {
        var patch = new V1Patch(JsonSerializer.Serialize(new { spec = new { replicas } }), V1Patch.PatchType.MergePatch);
        if (workload.Kind == "StatefulSet")
        {
            await client.AppsV1.PatchNamespacedStatefulSetScaleAsync(patch, workload.Name, ns, fieldManager: Ownership.FieldManager, cancellationToken: ct);
        }
        else
        {
            await client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, workload.Name, ns, fieldManager: Ownership.FieldManager, cancellationToken: ct);
        }
    }

    /// <summary>Waits until no running or pending pod mounts the claim; false after <paramref name="limit"/>.</summary>
    public async Task<bool> WaitUnmountedAsync(string ns, string claim, TimeSpan limit, CancellationToken ct)
    {
        var until = time.GetUtcNow() + limit;
        while (true)
        {
            var pods = await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct);
            if (!pods.Items.Any(p => p.Status?.Phase is "Running" or "Pending" && Mounts(p.Spec, claim)))
            {
                return true;
            }

            if (time.GetUtcNow() >= until)
            {
                return false;
            }

            await Task.Delay(PollEvery, time, ct);
        }
    }

    /// <summary>Waits for the Job to finish: true when it completed, false when it failed; null when still running after <paramref name="limit"/>.</summary>
    public async Task<bool?> WaitJobAsync(string ns, string name, TimeSpan limit, CancellationToken ct)
    {
        var until = time.GetUtcNow() + limit;
        while (true)
        {
            var job = await client.BatchV1.ReadNamespacedJobAsync(name, ns, cancellationToken: ct);
            var conditions = job.Status?.Conditions ?? [];
            if (conditions.Any(c => c.Type == "Complete" && c.Status == "True"))
            {
                return true;
            }

            if (conditions.Any(c => c.Type == "Failed" && c.Status == "True"))
            {
                return false;
            }

            if (time.GetUtcNow() >= until)
            {
                return null;
            }

            await Task.Delay(PollEvery, time, ct);
        }
    }

    /// <summary>The log of the Job's (last) pod.</summary>
    public async Task<string> JobLogAsync(string ns, string job, CancellationToken ct)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"batch.kubernetes.io/job-name={job}", cancellationToken: ct);
        var pod = pods.Items.OrderBy(p => p.Metadata.CreationTimestamp).LastOrDefault()
            ?? throw new IOException($"Job {ns}/{job} has no pod to read a log from");
        using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, ns, cancellationToken: ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }

    private async Task<IReadOnlyList<Workload>> WorkloadsAsync(string ns, string claim, CancellationToken ct)
    {
        var found = new List<Workload>();
        try
        {
            var deployments = await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct);
            found.AddRange(deployments.Items.Where(d => Mounts(d.Spec?.Template?.Spec, claim)).Select(d => new Workload("Deployment", d.Metadata.Name, d.Spec?.Replicas ?? 1)));
            var sets = await client.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: ct);
            found.AddRange(sets.Items.Where(s => Mounts(s.Spec?.Template?.Spec, claim)).Select(s => new Workload("StatefulSet", s.Metadata.Name, s.Spec?.Replicas ?? 1)));
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Forbidden)
        {
            // No apps/v1 here (the embedded cluster) or no right to list it: the plan names no workload, and says how to stop the app by hand.
        }

        return found.OrderBy(w => w.Kind, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();
    }

    private static bool Mounts(V1PodSpec? spec, string claim) =>
        spec?.Volumes?.Any(v => v.PersistentVolumeClaim?.ClaimName == claim) == true;

    private static async Task<T?> GetOrNullAsync<T>(Func<Task<T>> get)
        where T : class
    {
        try
        {
            return await get();
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
