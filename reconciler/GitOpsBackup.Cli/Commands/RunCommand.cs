using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Leadership;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Service;
using GitOpsBackup.Source;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace GitOpsBackup.Cli.Commands;

/// <summary>
/// <c>gitops-backup run</c>: the reconciler as a hosted service. Polls the repo on the interval,
/// passes at once when a watched Job changes, admits backups and creates the night's clone.
/// SIGTERM finishes or abandons the pass and exits 0. With <c>--leader-elect</c> only the Lease's
/// holder passes; a leader that loses the Lease exits 2 (the pod restarts as a new candidate).
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var path = SourceOptions.PathArgument();
        var interval = new Option<TimeSpan>("--interval") { Description = "How often to poll the repo (±10% jitter), e.g. 1m, 30s", DefaultValueFactory = _ => TimeSpan.FromMinutes(1), CustomParser = Durations.Parse };
        var resync = new Option<TimeSpan>("--resync") { Description = "How often to relist everything to find drift, e.g. 10m", DefaultValueFactory = _ => TimeSpan.FromMinutes(10), CustomParser = Durations.Parse };
        var once = new Option<bool>("--once") { Description = "Run one pass and exit (0 ok, 1 failures)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every pass, also those with no changes" };
        var otlpEndpoint = Logging.OtlpEndpointOption();
        var prune = new PruneOptions();
        var cluster = new ClusterAccess();
        var leader = new LeaderElectionFlags();
        var http = new HttpOptions();
        var command = new Command("run", "Reconcile continuously: apply the repo, admit backups one per node, create the night's external clone") { path, interval, resync, once, verbose, otlpEndpoint };
        var sourceOptions = SourceOptions.AddTo(command, path);
        cluster.AddTo(command);
        prune.AddTo(command);
        leader.AddTo(command);
        http.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (source, error) = sourceOptions.CreateConfigSource(parsed, context);
            if (source is null)
            {
                await context.Error.WriteLineAsync($"error: {error}");
                return ExitCodes.UsageOrIo;
            }

            var identity = leader.Identity(parsed);
            var election = leader.Read(parsed, identity);
            if (election?.Problem() is { } problem)
            {
                await context.Error.WriteLineAsync($"error: {problem}");
                return ExitCodes.UsageOrIo;
            }

            var followed = parsed.GetValue(sourceOptions.Repo) is null ? null : GitRef.Parse(parsed.GetValue(sourceOptions.Ref));
            var (surface, httpError) = http.Read(parsed, parsed.GetValue(once), followed);
            if (httpError is not null)
            {
                source.Dispose();
                await context.Error.WriteLineAsync($"error: {httpError}");
                return ExitCodes.UsageOrIo;
            }

            var metrics = new ServiceMetrics();
            cluster.Handlers = [new ApiRequestCounter(metrics)];
            using var logger = Logging.Create(parsed.GetValue(verbose), parsed.GetValue(otlpEndpoint));
            try
            {
                // Without a real cluster the embedded one plays the control plane too, so backups really run (simulated).
                await using var connection = await cluster.OpenAsync(parsed, context, new EmbeddedClusterOptions { Time = context.Time, Simulate = true }, ct);
                connection.SetUserAgent(ReplicaIdentity.UserAgent(identity, VersionCommand.Version));
                await using var cache = await WatchCache.StartAsync(connection.Client, WatchedKind.Reconciler, context.Time, ct);
                using var pass = new ReconcilePass(source, new CachedLiveSource(cache), connection.Client,
                    new PassOptions { Plan = prune.Read(parsed), Admit = true, NotifyNamespace = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } own ? own : "gitops-backup" }, context.Time, logger)
                {
                    Loaded = state => cluster.SeedNamespacesAsync(context, state.Desired, state.ExternalClone?.Namespace is { } ns ? [ns] : []).GetAwaiter().GetResult(),
                };
                var loopOptions = new LoopOptions { Interval = parsed.GetValue(interval), Resync = parsed.GetValue(resync), Once = parsed.GetValue(once) };
                return await HostAsync(pass, cache, loopOptions, election is null ? null : new(connection.Client, election), surface is null ? null : surface with { Simulated = connection.Simulated }, metrics, context, logger, ct);
            }
            catch (Exception ex) when (ex is ClusterApiException or ClusterConnectionException or IOException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }
        });
        return command;
    }

    private static async Task<int> HostAsync(ReconcilePass pass, WatchCache cache, LoopOptions options, (k8s.IKubernetes Client, LeaderElectionOptions Options)? election,
        HttpSurfaceOptions? surface, ServiceMetrics metrics, CliContext context, Serilog.Core.Logger logger, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSerilog(logger, dispose: false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        if (election is { } e)
        {
            // Registered before the loop, so stopped after it: the Lease is released only once the loop has made its last write.
            builder.Services.AddSingleton(sp => new LeaderElector(e.Client, e.Options, context.Time, logger, sp.GetRequiredService<IHostApplicationLifetime>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<LeaderElector>());
        }

        builder.Services.AddSingleton(sp => new ReconcileLoop(pass, cache, options with { UntilLeading = sp.GetService<LeaderElector>() is { } leader ? leader.WaitUntilLeadingAsync : null },
            context.Time, logger, sp.GetRequiredService<IHostApplicationLifetime>()));
        if (surface is not null)
        {
            builder.Services.AddHttpSurface(surface, metrics, cache, context.Time, logger);
        }

        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoop>());
        using var host = builder.Build();
        var loop = host.Services.GetRequiredService<ReconcileLoop>();
        var elector = host.Services.GetService<LeaderElector>();
        logger.Information("gitops-backup run: every {Interval}, resync every {Resync}", options.Interval, options.Resync);
        await host.RunAsync(ct);
        logger.Information("Stopped after {Passes} passes", loop.Passes);
        return elector is { Lost: true } ? ExitCodes.UsageOrIo : loop.ExitCode;
    }
}
