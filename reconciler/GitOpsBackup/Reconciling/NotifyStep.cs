using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.Admission;
using GitOpsBackup.Cluster;
using GitOpsBackup.Cycle;
using GitOpsBackup.Notifying;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s;
using Serilog;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// The notifications step of a pass (after the night's step). Apps: the latest finished backup of
/// each app is compared with the state last told (an annotation on its CronJob); ntfy and the
/// webhook speak only on a change. The night: once tonight's clone Job finished, its healthchecks
/// ping is sent and ntfy/webhook speak if the night's state changed; the clone Job is then
/// annotated, so a restart sends nothing twice. Secrets are read in the reconciler's namespace.
/// </summary>
internal sealed class NotifyStep(IKubernetes client, JobApi jobs, Notifier notifier, PassOptions options, TimeProvider time, ILogger log)
{
    public Task<IReadOnlyList<string>> RunAsync(RepoState state, LiveSnapshot live, (CycleDecision Decision, NightWindow Window)? night, CancellationToken ct) =>
        RunAsync(state, live, night, new PassMemo(), ct);

    public async Task<IReadOnlyList<string>> RunAsync(RepoState state, LiveSnapshot live, (CycleDecision Decision, NightWindow Window)? night, PassMemo memo, CancellationToken ct)
    {
        var writes = new List<string>();
        var secrets = new SecretValues(client, options.NotifyNamespace, log);
        try
        {
            await AppsAsync(state, live, memo, secrets, writes, ct);
            if (night is { } n)
            {
                await NightAsync(state.Notifications, live, n.Window.Cycle, secrets, writes, ct);
            }
        }
        catch (ClusterApiException ex)
        {
            // The night's state was not stored: the next pass sees the same change and tries again.
            log.Warning("The notifications step failed: {Error}", ex.Message);
        }

        return writes;
    }

    private async Task AppsAsync(RepoState state, LiveSnapshot live, PassMemo memo, SecretValues secrets, List<string> writes, CancellationToken ct)
    {
        if (!state.AppNotifications.Values.Any(Speaks))
        {
            return;
        }

        var latest = memo.BackupJobs(live)
            .Where(j => j.State == BackupJobState.Finished && j.Outcome is not null)
            .GroupBy(j => $"{j.Namespace}/{j.App}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(j => j.FinishedAt ?? j.ScheduledAt).ThenBy(j => j.Name, StringComparer.Ordinal).Last(), StringComparer.Ordinal);
        foreach (var cronJob in live.CronJobs.Where(JobReader.IsBackupCronJob))
        {
            var ns = JobReader.Meta(cronJob, "namespace") ?? "";
            var app = JobReader.Label(cronJob, Ownership.AppLabel) ?? "";
            var key = $"{ns}/{app}";
            if (!state.AppNotifications.TryGetValue(key, out var settings) || !Speaks(settings) || !latest.TryGetValue(key, out var job))
            {
                continue;
            }

            var current = NotifyState.Of(job.Outcome == JobOutcome.Ok);
            var told = JobReader.Annotation(cronJob, NotifyState.AppAnnotation);
            if (told == current)
            {
                continue;
            }

            if (NotifyState.Speaks(told, current))
            {
                var message = current == NotifyState.Failed
                    ? $"The backup of {key} failed ({Describe(job.Outcome)}); see Job {ns}/{job.Name}."
                    : $"The backup of {key} succeeded again (Job {ns}/{job.Name}).";
                await TellAsync(settings, new Notice(NotifyState.AppSubject, ns, app, current, told, job.Name, time.GetUtcNow(), message) { Reason = job.Reason }, secrets, ct);
            }

            try
            {
                await jobs.PatchCronJobAsync(ns, JobReader.Meta(cronJob, "name") ?? "", Annotate(NotifyState.AppAnnotation, current), ct);
                writes.Add($"annotate {ns}/{JobReader.Meta(cronJob, "name")} {NotifyState.AppAnnotation}={current}");
            }
            catch (ClusterApiException ex)
            {
                // Not stored: the next pass sees the same change and tells it again; other apps go on.
                log.Warning("Notifications: cannot record the state of {App}: {Error}", key, ex.Message);
            }
        }
    }

    private async Task NightAsync(Notifications settings, LiveSnapshot live, DateOnly cycle, SecretValues secrets, List<string> writes, CancellationToken ct)
    {
        if (settings.NightUrl is null && !Speaks(settings))
        {
            return;
        }

        var clones = live.Jobs.Where(JobReader.IsClone).ToList();
        var tonight = clones.FirstOrDefault(j => JobReader.Meta(j, "name") == ObjectNames.CloneJob(cycle));
        if (tonight is null || JobReader.StateOf(tonight) != BackupJobState.Finished || JobReader.Annotation(tonight, NotifyState.NightAnnotation) is not null)
        {
            return;
        }

        var outcome = JobReader.CloneOutcomeOf(tonight, JobReader.PodOf(live, tonight));
        var succeeded = outcome.Succeeded;
        var current = NotifyState.Of(outcome);
        var ns = JobReader.Meta(tonight, "namespace") ?? "";
        var name = JobReader.Meta(tonight, "name") ?? "";
        var night = cycle.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var message = succeeded
            ? $"The backup night of {night} is done: the external clone {ns}/{name} succeeded."
            : $"The backup night of {night} failed: the external clone {ns}/{name} is {outcome}: {outcome.Meaning}. Its log says more (kubectl logs -n {ns} job/{name}).";
        if (await secrets.ReadAsync(settings.NightUrl, ct) is { Length: > 0 } url)
        {
            // healthchecks knows up and down only: a partial or refused clone is down, the body says which.
            await notifier.PingAsync(url, succeeded, message, ct);
        }

        // The night told last: the newest earlier clone Job that carries the annotation.
        var told = clones
            .Where(j => !ReferenceEquals(j, tonight) && JobReader.Annotation(j, NotifyState.NightAnnotation) is not null)
            .OrderBy(j => JobReader.Label(j, RenderedLabels.Cycle), StringComparer.Ordinal)
            .Select(j => JobReader.Annotation(j, NotifyState.NightAnnotation))
            .LastOrDefault();
        if (NotifyState.Speaks(told, current))
        {
            await TellAsync(settings, new Notice(NotifyState.NightSubject, null, null, current, told, name, time.GetUtcNow(), message) { Reason = outcome.Reason }, secrets, ct);
        }

        await jobs.PatchAsync(ns, name, Annotate(NotifyState.NightAnnotation, current), ct);
        writes.Add($"annotate {ns}/{name} {NotifyState.NightAnnotation}={current}");
    }

    private async Task TellAsync(Notifications settings, Notice notice, SecretValues secrets, CancellationToken ct)
    {
        if (settings.Ntfy is { } ntfy && await secrets.ReadAsync(ntfy.Url, ct) is { Length: > 0 } topic)
        {
            await notifier.NtfyAsync(topic, await secrets.ReadAsync(ntfy.Token, ct), notice, ct);
        }

        if (await secrets.ReadAsync(settings.WebhookUrl, ct) is { Length: > 0 } webhook)
        {
            await notifier.WebhookAsync(webhook, notice, ct);
        }

        log.Information("Notified {Subject} {Namespace}/{App}: {State} after {Previous}", notice.Subject, notice.Namespace, notice.App, notice.State, notice.Previous ?? "nothing");
    }

    private static bool Speaks(Notifications settings) => settings.Ntfy is not null || settings.WebhookUrl is not null;

    private static JsonObject Annotate(string key, string value) => new() { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [key] = value } } };

    private static string Describe(JobOutcome? outcome) => outcome switch
    {
        JobOutcome.Partial => "partial: some files were not readable",
        JobOutcome.Empty => "a source was empty",
        JobOutcome.DeadlineExceeded => "it ran past its deadline",
        _ => "failed",
    };
}
