using System.CommandLine;
using System.Globalization;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Rendering;
using GitOpsBackup.Restoring;
using k8s.Autorest;

namespace GitOpsBackup.Cli.Commands;

/// <summary>
/// <c>gitops-backup restore APP [PATH] [--volume V | --dump D] [--snapshot ID | --as-of T] [--to-pvc NAME | --to-bucket NAME | --to-database NAME | --in-place] [--scale-down] [--apply]</c>:
/// a dry run by default (the chosen snapshot, what is written where, its size); --apply creates the
/// rendered PVC and restore Job. Read facts → plan (pure) → print → with --apply, create.
/// </summary>
internal static class RestoreCommand
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RestoreLimit = TimeSpan.FromHours(6);

    public static Command Create(CliContext context)
    {
        var snapshot = new Option<string?>("--snapshot") { HelpName = "ID", Description = "The snapshot id (or a unique prefix) to restore" };
        var asOf = new Option<string?>("--as-of") { HelpName = "TIME", Description = "The newest snapshot at or before TIME: 2026-12-01T03:00:00Z, 2026-12-01 (00:00 UTC), or an age like 36h, 7d" };
        var toPvc = new Option<string?>("--to-pvc") { HelpName = "NAME", Description = "Restore into this new PVC (default: <volume>-restore-<yyyyMMdd-HHmm>)" };
        var toBucket = new Option<string?>("--to-bucket") { HelpName = "NAME", Description = "Buckets: restore into this bucket (never the live one without --in-place)" };
        var inPlace = new Option<bool>("--in-place") { Description = "Write over the live PVC or bucket (refused while a pod mounts the PVC)" };
        var scaleDown = new Option<bool>("--scale-down") { Description = "With --in-place: scale the Deployments/StatefulSets mounting the PVC to 0, restore, scale them back" };
        var toDatabase = new Option<string?>("--to-database") { HelpName = "NAME", Description = "With --dump: the existing, empty database to load into (with --in-place: may hold tables; default then: the dump's own)" };
        var apply = new Option<bool>("--apply") { Description = "Create the restore Job (and the new PVC); without it, only print the plan" };
        var command = new Command("restore", "Restore an app's volume or database dump from its backups: prints the plan (dry run) unless --apply")
        {
            snapshot, asOf, toPvc, toBucket, toDatabase, inPlace, scaleDown, apply,
        };
        var source = SnapshotSource.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            DateTimeOffset? asOfTime = null;
            if (parsed.GetValue(asOf) is { } asOfText)
            {
                asOfTime = ParseAsOf(asOfText, context.Time.GetUtcNow());
                if (asOfTime is null)
                {
                    await context.Error.WriteLineAsync($"error: --as-of '{asOfText}' is not a time: use 2026-12-01T03:00:00Z, 2026-12-01, or an age like 36h or 7d");
                    return ExitCodes.UsageOrIo;
                }
            }

            var app = await source.LoadAppAsync(parsed, context, ct);
            if (app is null)
            {
                return ExitCodes.UsageOrIo;
            }

            var request = new RestoreRequest
            {
                Volume = parsed.GetValue(source.Volume),
                SnapshotId = parsed.GetValue(snapshot),
                AsOf = asOfTime,
                ToPvc = parsed.GetValue(toPvc),
                ToBucket = parsed.GetValue(toBucket),
                InPlace = parsed.GetValue(inPlace),
                ScaleDown = parsed.GetValue(scaleDown),
                Dump = parsed.GetValue(source.Dump),
                ToDatabase = parsed.GetValue(toDatabase),
            };
            if (request.Dump is null && request.ToDatabase is not null)
            {
                await context.Error.WriteLineAsync("error: --to-database is for --dump");
                return ExitCodes.UsageOrIo;
            }

            var ns = app.App.Namespace;
            try
            {
                await using var connection = await source.Cluster.OpenAsync(parsed, context, new EmbeddedClusterOptions { Time = context.Time }, ct);
                if (request.Dump is not null)
                {
                    return await DumpRestore.RunAsync(context, source, parsed, connection, app, request, parsed.GetValue(apply), ct);
                }

                var io = new RestoreIo(connection.Client, context.Time);

                // A bucket has no snapshots, and a request the planner refuses anyway needs none: ask with an empty list first.
                var volume = request.Volume ?? (app.Claims.Count + app.Buckets.Count == 1 ? app.Claims.Concat(app.Buckets).Single() : null);
                var isClaim = volume is not null && app.Claims.Contains(volume, StringComparer.Ordinal);
                var snapshots = isClaim ? await source.ListAsync(parsed, context, app, volume, connection, ct) : [];
                var facts = isClaim ? await io.FactsAsync(ns, volume!, request.ToPvc, ct) : VolumeFacts.Unknown;
                var decision = RestorePlanner.Decide(app, request, snapshots, facts, context.Time.GetUtcNow());
                if (decision is RestoreDecision.Planned { Plan.NewTarget: true, Plan.Bucket: false } first && request.ToPvc is null)
                {
                    // The default name is known only now: check it is free too.
                    facts = facts with { TargetExists = (await io.FactsAsync(ns, volume!, first.Plan.Target, ct)).TargetExists };
                    decision = RestorePlanner.Decide(app, request, snapshots, facts, context.Time.GetUtcNow());
                }

                if (decision is RestoreDecision.Refused refused)
                {
                    await context.Error.WriteAsync(RestorePlanPrinter.Refusal(refused));
                    return ExitCodes.Findings;
                }

                var plan = ((RestoreDecision.Planned)decision).Plan;
                await context.Out.WriteAsync(RestorePlanPrinter.Text(plan, parsed.GetValue(apply)));
                if (!parsed.GetValue(apply))
                {
                    return ExitCodes.Ok;
                }

                // The simulation only: Flux would have made the app's namespace.
                await source.Cluster.SeedNamespacesAsync(context, new Planning.DesiredState([]), ns);
                return await ApplyAsync(context, io, plan, app, ct);
            }
            catch (HttpOperationException ex)
            {
                await context.Error.WriteLineAsync($"error: {KubernetesApi.Translate("POST", null, "restore object", ex).Message}");
                return ExitCodes.UsageOrIo;
            }
            catch (Exception ex) when (ex is IOException or ClusterApiException or ClusterConnectionException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }
        });
        return command;
    }

    private static async Task<int> ApplyAsync(CliContext context, RestoreIo io, RestorePlan plan, AppSettings app, CancellationToken ct)
    {
        var ns = plan.App.Namespace;
        var objects = RestoreJobRenderer.Render(plan, app);
        if (plan.ScaleDown.Count == 0)
        {
            await io.CreateAsync(objects, ct);
            await context.Out.WriteLineAsync($"created {string.Join(", ", objects.Select(o => $"{o.Kind} {ns}/{o.Metadata.Name}"))}");
            await context.Out.WriteLineAsync($"follow it: kubectl -n {ns} logs -f job/{plan.JobName}   (it ends with RESULT status=restored)");
            return ExitCodes.Ok;
        }

        // --scale-down: stop, restore, and put the replicas back whatever happened in between.
        var exit = ExitCodes.Ok;
        try
        {
            foreach (var workload in plan.ScaleDown)
            {
                await io.ScaleAsync(ns, workload, 0, ct);
                await context.Out.WriteLineAsync($"scaled {workload} to 0");
            }

            if (!await io.WaitUnmountedAsync(ns, plan.Volume, StopLimit, ct))
            {
                await context.Error.WriteLineAsync($"error: PVC {ns}/{plan.Volume} is still mounted after {StopLimit.TotalMinutes} minutes; nothing restored (is Flux scaling the app back up? flux suspend kustomization ...)");
                return ExitCodes.UsageOrIo;
            }

            await io.CreateAsync(objects, ct);
            await context.Out.WriteLineAsync($"created Job {ns}/{plan.JobName}; waiting for it to finish ...");
            var finished = await io.WaitJobAsync(ns, plan.JobName, RestoreLimit, ct);
            await context.Out.WriteLineAsync(finished == true ? "restore finished" : $"restore did NOT finish well: kubectl -n {ns} logs job/{plan.JobName}");
            exit = finished == true ? ExitCodes.Ok : ExitCodes.Findings;
        }
        finally
        {
            foreach (var workload in plan.ScaleDown)
            {
                await io.ScaleAsync(ns, workload, workload.Replicas, CancellationToken.None);
                await context.Out.WriteLineAsync($"scaled {workload} back to {workload.Replicas}");
            }
        }

        return exit;
    }

    /// <summary>An ISO 8601 time (no offset: UTC), a date (its 00:00 UTC), or an age before now (36h, 7d).</summary>
    public static DateTimeOffset? ParseAsOf(string text, DateTimeOffset now)
    {
        if (text.Length > 1 && text[^1] == 'd' && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return now - TimeSpan.FromDays(days);
        }

        if (Durations.TryParse(text, out var age) && age > TimeSpan.Zero)
        {
            return now - age;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }
}
