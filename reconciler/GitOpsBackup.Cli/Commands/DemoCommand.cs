using System.CommandLine;
using System.Threading.Channels;
using GitOpsBackup.Cli.Demo;
using GitOpsBackup.Cluster;
using GitOpsBackup.Cycle;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using k8s;
using Spectre.Console;

namespace GitOpsBackup.Cli.Commands;

/// <summary>
/// <c>gitops-backup demo</c>: applies a repo to the embedded cluster and plays one night at high
/// speed through the same run loop as <c>run</c> (a scaled clock, the simulated control plane),
/// with a live view, then the final status table and the night's event counts.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var path = SourceOptions.PathArgument();
        var nodes = new Option<int>("--nodes") { Description = "Simulated nodes", DefaultValueFactory = _ => 3 };
        var speed = new Option<double>("--speed") { Description = "Simulated seconds per real second", DefaultValueFactory = _ => 600 };
        var fail = new Option<string[]>("--fail") { Description = "Make this app's backups fail (repeatable)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var events = new Option<FileInfo?>("--events") { Description = "Write one JSON object per line for every admit/start/finish/fail/skip/replace/clone-create/clone-finish/clone-fail" };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated run times", DefaultValueFactory = _ => 1 };
        var html = new Option<FileInfo?>("--html") { Description = "At the end, write the night's page (a per-node timeline and the app table, one self-contained HTML file) to this file" };
        var command = new Command("demo", "Play one night of backups on the embedded (simulated) cluster at high speed") { path, nodes, speed, fail, events, seed, html };
        command.SetAction(async (parsed, ct) =>
        {
            var root = parsed.GetValue(path) ?? ".";
            if (!Directory.Exists(root) || parsed.GetValue(nodes) is < 1 or > 50 || parsed.GetValue(speed) <= 0)
            {
                await context.Error.WriteLineAsync(!Directory.Exists(root) ? $"error: {root}: no such directory" : "error: --nodes must be 1..50 and --speed positive");
                return ExitCodes.UsageOrIo;
            }

            var night = new DemoNight(context, root, parsed.GetValue(nodes), parsed.GetValue(speed), parsed.GetValue(fail) ?? [], parsed.GetValue(seed), parsed.GetValue(html));
            var file = parsed.GetValue(events);
            await using var writer = file is null ? null : new StreamWriter(file.FullName);
            return await night.PlayAsync(writer, ct);
        });
        return command;
    }

    private sealed class DemoNight(CliContext context, string root, int nodeCount, double speed, string[] failApps, int seed, FileInfo? page)
    {
        public async Task<int> PlayAsync(StreamWriter? eventsFile, CancellationToken ct)
        {
            var tree = new DirectoryRepoTree(root);
            var peek = RepoState.Load(new SpecLoader(), tree, WorkingTreeSource.RefName);
            foreach (var finding in peek.Desired.Diagnostics)
            {
                await context.Error.WriteLineAsync(finding.ToString());
            }

            var nodes = Enumerable.Range(1, nodeCount).Select(i => $"node-{i}").ToList();
            var zone = peek.ExternalClone is { } c && TimeZoneInfo.TryFindSystemTimeZoneById(c.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
            var (start, end) = Night(peek, context.Time.GetUtcNow());
            var clock = new ScaledTimeProvider(start, speed);
            await context.Error.WriteLineAsync($"*** SIMULATED: the embedded cluster plays the night of {TimeZoneInfo.ConvertTime(start + TimeSpan.FromMinutes(5), zone):yyyy-MM-dd} at {speed:0.#}x on {nodeCount} nodes ***");

            await using var cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions
            {
                Time = clock,
                Simulate = true,
                Nodes = nodeCount,
                Seed = seed,
                SimulatedJobDuration = TimeSpan.FromMinutes(3),
                SimulatedJobDurationMax = TimeSpan.FromMinutes(25),
                SimulationInterval = TimeSpan.FromSeconds(15),
                FailApps = failApps.ToHashSet(StringComparer.Ordinal),
            }, ct);
            foreach (var ns in peek.Desired.Objects.Select(o => o.Namespace).Append(peek.ExternalClone?.Namespace ?? "default").Distinct(StringComparer.Ordinal))
            {
                cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
            }

            DemoWorld.Seed(cluster, peek, nodes);
            using var client = new Kubernetes(new KubernetesClientConfiguration { Host = cluster.BaseAddress.ToString().TrimEnd('/') });
            // The cache's timeouts run on the scaled clock: scale them back to real seconds.
            var defaults = WatchCacheOptions.Default;
            var cacheOptions = defaults with
            {
                RequestTimeout = defaults.RequestTimeout * speed,
                WatchTimeout = defaults.WatchTimeout * speed,
                WatchGrace = defaults.WatchGrace * speed,
            };
            await using var cache = await WatchCache.StartAsync(client, WatchedKind.Reconciler, clock, cacheOptions, ct);
            using var pass = new ReconcilePass(new WorkingTreeSource(tree, root), new CachedLiveSource(cache), client, new PassOptions { Admit = true }, clock);
            var loop = new ReconcileLoop(pass, cache, new LoopOptions { Interval = TimeSpan.FromMinutes(1), Random = new Random(seed) }, clock, Serilog.Core.Logger.None);
            var outcomes = Channel.CreateUnbounded<PassOutcome>();
            loop.PassCompleted += o =>
            {
                clock.Start(); // the clock runs once the first pass has applied the CronJobs
                outcomes.Writer.TryWrite(o);
            };

            var recorder = new NightRecorder();
            var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var terminal = ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromMinutes(5)); // real time: a night that never ends is a bug, not a wait
            await loop.StartAsync(deadline.Token);

            async Task<bool> StepAsync(PassOutcome outcome, Action<LiveSnapshot>? show)
            {
                var live = CachedLiveSource.Read(cache);
                foreach (var e in recorder.Observe(live, outcome, clock.GetUtcNow()))
                {
                    counts[e.Type] = counts.GetValueOrDefault(e.Type) + 1;
                    if (eventsFile is not null)
                    {
                        await eventsFile.WriteLineAsync((e with { Time = TimeZoneInfo.ConvertTime(e.Time, zone) }).ToJsonLine()); // one offset for the whole night: the clone's zone
                    }

                    if (!terminal)
                    {
                        await context.Out.WriteLineAsync(DemoView.Line(e, zone));
                    }
                }

                show?.Invoke(live);
                return Over(live, peek, clock.GetUtcNow(), end);
            }

            try
            {
                if (terminal)
                {
                    await AnsiConsole.Live(new Markup("starting…")).StartAsync(async view =>
                    {
                        await foreach (var outcome in outcomes.Reader.ReadAllAsync(deadline.Token))
                        {
                            if (await StepAsync(outcome, live => view.UpdateTarget(DemoView.Render(clock.GetUtcNow(), zone, live, nodes, Done(live), Total(live)))))
                            {
                                break;
                            }
                        }
                    });
                }
                else
                {
                    await foreach (var outcome in outcomes.Reader.ReadAllAsync(deadline.Token))
                    {
                        if (await StepAsync(outcome, null))
                        {
                            break;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync("error: the simulated night did not end within 5 minutes of real time");
            }

            await loop.StopAsync(CancellationToken.None);
            var final = CachedLiveSource.Read(cache);
            var window = peek.ExternalClone is { } cloneSpec ? NightCycle.WindowAt(cloneSpec, start + TimeSpan.FromMinutes(5)) : null;
            var report = StatusBuilder.Build(final, clock.GetUtcNow(), StatusBuilder.DefaultOverdue, window);
            await context.Out.WriteLineAsync();
            await context.Out.WriteAsync(StatusPrinter.Table(report));
            await context.Out.WriteLineAsync($"Events: {string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"))}; {loop.Passes} passes; {cluster.Requests.Entries.Count} API requests, {cluster.Requests.Writes} writes (SIMULATED).");
            if (page is not null && !await NightPageFile.WriteAsync(context, page, NightViewBuilder.Build(report) with { Simulated = true }, CancellationToken.None))
            {
                return ExitCodes.UsageOrIo;
            }

            return Over(final, peek, clock.GetUtcNow(), end) && deadline.IsCancellationRequested is false ? ExitCodes.Ok : ExitCodes.Findings;
        }

        /// <summary>From just before the cycle's start to a while after its latest start (UTC midnight to midnight without a clone).</summary>
        private static (DateTimeOffset Start, DateTimeOffset End) Night(RepoState state, DateTimeOffset now)
        {
            if (state.ExternalClone is { } clone)
            {
                var window = NightCycle.WindowAt(clone, now);
                // The clock stands still until the first pass has applied the CronJobs; a few minutes spare still.
                return (window.Start - TimeSpan.FromMinutes(5), window.LatestStart + TimeSpan.FromHours(3));
            }

            var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            return (midnight - TimeSpan.FromMinutes(5), midnight + TimeSpan.FromHours(24));
        }

        /// <summary>The clone finished (or, without a clone, every app ran once), or the simulated night is past its end.</summary>
        private static bool Over(LiveSnapshot live, RepoState state, DateTimeOffset now, DateTimeOffset end)
        {
            if (now >= end)
            {
                return true;
            }

            if (state.ExternalClone is not null)
            {
                return live.Jobs.Where(JobReader.IsClone).Any(j => JobReader.StateOf(j) == Admission.BackupJobState.Finished);
            }

            var finishedApps = JobReader.BackupJobs(live).Where(j => j.State == Admission.BackupJobState.Finished).Select(j => j.AppKey).ToHashSet(StringComparer.Ordinal);
            return state.Apps.Where(a => !a.Suspended).All(a => finishedApps.Contains(a.AppKey));
        }

        private static int Done(LiveSnapshot live) => JobReader.BackupJobs(live).Count(j => j.State == Admission.BackupJobState.Finished);

        private static int Total(LiveSnapshot live) => JobReader.BackupJobs(live).Count;
    }
}
