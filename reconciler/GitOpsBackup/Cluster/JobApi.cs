using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Cluster;

/// <summary>
/// The writes admission and the night's cycle make on Jobs: one merge patch per decision, deletes,
/// creates, and Events. Retried and translated like <see cref="KubernetesApi"/>: failures are
/// <see cref="ClusterApiException"/>s that hold no credential or body.
/// </summary>
internal sealed class JobApi(IKubernetes client, TimeProvider time, RetryPolicy? retry = null)
{
    private readonly KubernetesApi _api = new(client, time, retry);

    /// <summary>One JSON merge patch (admission pins and un-suspends in the same one).</summary>
    public Task PatchAsync(string ns, string name, JsonObject mergePatch, CancellationToken ct) =>
        CallAsync("PATCH", ns, name, token => client.BatchV1.PatchNamespacedJobAsync(
            new V1Patch(mergePatch.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, fieldManager: Ownership.FieldManager, cancellationToken: token), ct);

    /// <summary>One JSON merge patch on an app's CronJob (notifications keep their last-told state in an annotation).</summary>
    public Task PatchCronJobAsync(string ns, string name, JsonObject mergePatch, CancellationToken ct) =>
        _api.CallAsync("PATCH", new ObjectRef("batch/v1", "CronJob", ns, name), "CronJob", token => client.BatchV1.PatchNamespacedCronJobAsync(
            new V1Patch(mergePatch.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, fieldManager: Ownership.FieldManager, cancellationToken: token), ct);

    /// <summary>Deletes with its pods; a Job already gone counts as deleted.</summary>
    public async Task DeleteAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            await CallAsync("DELETE", ns, name, token => client.BatchV1.DeleteNamespacedJobAsync(
                name, ns, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: token), ct);
        }
        catch (ClusterApiException ex) when (ex.IsNotFound)
        {
        }
    }

    /// <summary>Creates a Job; false when one of that name exists already (the clone's deterministic name makes that "done").</summary>
    public async Task<bool> CreateAsync(V1Job job, CancellationToken ct)
    {
        try
        {
            await CallAsync("POST", job.Metadata.NamespaceProperty, job.Metadata.Name, token => client.BatchV1.CreateNamespacedJobAsync(
                job, job.Metadata.NamespaceProperty, fieldManager: Ownership.FieldManager, cancellationToken: token), ct);
            return true;
        }
        catch (ClusterApiException ex) when (ex.Status == 409 && ex.Reason == "AlreadyExists")
        {
            return false;
        }
    }

    /// <summary>An Event on a Job, as <c>kubectl describe job</c> shows it. Best effort: an Event that cannot be written is not worth failing a pass for.</summary>
    public async Task<bool> EventAsync(JobEvent e, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var body = new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = e.JobName + ".", NamespaceProperty = e.Namespace },
            InvolvedObject = new V1ObjectReference { ApiVersion = "batch/v1", Kind = "Job", Name = e.JobName, NamespaceProperty = e.Namespace, Uid = e.JobUid },
            Reason = e.Reason,
            Message = e.Message,
            Type = e.Warning ? "Warning" : "Normal",
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new V1EventSource { Component = Ownership.FieldManager },
            ReportingComponent = Ownership.FieldManager,
        };
        try
        {
            await CallAsync("POST", e.Namespace, "event", token => client.CoreV1.CreateNamespacedEventAsync(body, e.Namespace, cancellationToken: token), ct);
            return true;
        }
        catch (ClusterApiException)
        {
            return false;
        }
    }

    private Task<T> CallAsync<T>(string verb, string ns, string name, Func<CancellationToken, Task<T>> call, CancellationToken ct) =>
        _api.CallAsync(verb, new ObjectRef("batch/v1", "Job", ns, name), "Job", call, ct);
}
