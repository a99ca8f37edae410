using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Rendering;
using k8s;
using k8s.Autorest;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup backup APP</c>: a manual run now, queued like a scheduled one (the running reconciler admits it).</summary>
internal static class BackupCommand
{
    public static Command Create(CliContext context)
    {
        var app = new Argument<string>("APP") { Description = "The app (its HomelabBackup metadata.name)" };
        var ns = new Option<string?>("--namespace", "-n") { Description = "The app's namespace (default: found by the app label)" };
        var cluster = new ClusterAccess();
        var command = new Command("backup", "Start a backup of one app now, through the same queue as scheduled runs") { app, ns };
        cluster.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var name = parsed.GetValue(app)!;
            try
            {
                await using var connection = await cluster.OpenAsync(parsed, context, new EmbeddedClusterOptions { Time = context.Time }, ct);
                var client = connection.Client;
                var found = await client.BatchV1.ListCronJobForAllNamespacesAsync(labelSelector: $"{Ownership.ManagedByLabel}={Ownership.ManagedByValue},{Ownership.AppLabel}={name}", cancellationToken: ct);
                var matches = found.Items.Where(c => parsed.GetValue(ns) is not { } want || c.Metadata.NamespaceProperty == want).ToList();
                if (matches.Count != 1)
                {
                    await context.Error.WriteLineAsync(matches.Count == 0
                        ? $"error: no backup CronJob for app {name}{(parsed.GetValue(ns) is { } n ? $" in namespace {n}" : "")}; is its spec applied? (gitops-backup plan)"
                        : $"error: app {name} exists in namespaces {string.Join(", ", matches.Select(m => m.Metadata.NamespaceProperty))}: give -n NAMESPACE");
                    return ExitCodes.UsageOrIo;
                }

                var job = ManualRun.FromCronJob(matches[0], context.Time.GetUtcNow());
                await client.BatchV1.CreateNamespacedJobAsync(job, job.Metadata.NamespaceProperty, fieldManager: Ownership.FieldManager, cancellationToken: ct);
                await context.Out.WriteLineAsync($"created Job {job.Metadata.NamespaceProperty}/{job.Metadata.Name} (suspended): the reconciler admits it on the node of its volumes when that node is free; 'gitops-backup status' shows it.");
                return ExitCodes.Ok;
            }
            catch (HttpOperationException ex)
            {
                var translated = KubernetesApi.Translate("POST", null, "Job", ex);
                await context.Error.WriteLineAsync($"error: {translated.Message}");
                return ExitCodes.UsageOrIo;
            }
            catch (Exception ex) when (ex is ClusterApiException or ClusterConnectionException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }
        });
        return command;
    }
}
