using System.CommandLine;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
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
/// SIGTERM finishes or abandons the pass and exits 0.
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
        var prune = new PruneOptions();
        var cluster = new ClusterAccess();
        var http = new HttpOptions();
        var command = new Command("run", "Reconcile continuously: apply the repo, admit backups one per node, create the night's external clone") { path, interval, resync, once, verbose };
        var sourceOptions = SourceOptions.AddTo(command, path);
        cluster.AddTo(command);
        prune.AddTo(command);
        http.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var (source, error) = sourceOptions.CreateConfigSource(parsed, context);
            if (source is null)
            {
                await context.Error.WriteLineAsync($"error: {error}");
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
            using var logger = Logging.Create(parsed.GetValue(verbose));
            try
            {
                // Without a real cluster the embedded one plays the control plane too, so backups really run (simulated).
                await using var connection = await cluster.OpenAsync(parsed, context, new EmbeddedClusterOptions { Time = context.Time, Simulate = true }, ct);
                await using var cache = await WatchCache.StartAsync(connection.Client, WatchedKind.Reconciler, context.Time, ct);
                using var pass = new ReconcilePass(source, new CachedLiveSource(cache), connection.Client,
                    new PassOptions { Plan = prune.Read(parsed), Admit = true }, context.Time, logger)
                {
                    Loaded = state => cluster.SeedNamespacesAsync(context, state.Desired, state.ExternalClone?.Namespace is { } ns ? [ns] : []).GetAwaiter().GetResult(),
                };
                var loopOptions = new LoopOptions { Interval = parsed.GetValue(interval), Resync = parsed.GetValue(resync), Once = parsed.GetValue(once) };
                return await HostAsync(pass, cache, loopOptions, surface, metrics, context, logger, ct);
            }
            catch (Exception ex) when (ex is ClusterApiException or ClusterConnectionException or IOException)
            {
                await context.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.UsageOrIo;
            }
        });
        return command;
    }

    private static async Task<int> HostAsync(ReconcilePass pass, WatchCache cache, LoopOptions options, HttpSurfaceOptions? surface, ServiceMetrics metrics, CliContext context, Serilog.Core.Logger logger, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSerilog(logger, dispose: false);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(25));
        builder.Services.AddSingleton(sp => new ReconcileLoop(pass, cache, options, context.Time, logger, sp.GetRequiredService<IHostApplicationLifetime>()));
        if (surface is not null)
        {
            builder.Services.AddHttpSurface(surface, metrics, cache, context.Time, logger);
        }

        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReconcileLoop>());
        using var host = builder.Build();
        var loop = host.Services.GetRequiredService<ReconcileLoop>();
        logger.Information("gitops-backup run: every {Interval}, resync every {Resync}", options.Interval, options.Resync);
        await host.RunAsync(ct);
        logger.Information("Stopped after {Passes} passes", loop.Passes);
        return loop.ExitCode;
    }
}
