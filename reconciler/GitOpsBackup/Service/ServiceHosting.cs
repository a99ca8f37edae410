using GitOpsBackup.Cluster;
using GitOpsBackup.Leadership;
using GitOpsBackup.Reconciling;
using Microsoft.Extensions.DependencyInjection;
using ILogger = Serilog.ILogger;

namespace GitOpsBackup.Service;

/// <summary>Wires the HTTP surface to <c>run</c>'s loop: its outcomes feed the metrics and readiness, webhooks pull its trigger.</summary>
internal static class ServiceHosting
{
    /// <summary>Registers the <see cref="HttpSurface"/>; call before the loop's own registration so it serves while the first pass runs.</summary>
    public static IServiceCollection AddHttpSurface(this IServiceCollection services, HttpSurfaceOptions options, ServiceMetrics metrics, WatchCache cache, TimeProvider time, ILogger log)
    {
        metrics.ObserveClusterOnScrape(() => CachedLiveSource.Read(cache), time);
        return services.AddHostedService(sp =>
        {
            var loop = sp.GetRequiredService<ReconcileLoop>();
            var elector = sp.GetService<LeaderElector>();
            if (elector is not null)
            {
                metrics.SetLeader(elector.IsLeader);
                elector.LeadershipChanged += metrics.SetLeader;
            }

            var readiness = new Readiness(elector is null ? null : () => elector.IsLeader);
            loop.PassCompleted += metrics.OnPass;
            loop.PassCompleted += readiness.OnPass;
            var page = new NightPageSource(() => CachedLiveSource.Read(cache), loop.State, time, options.Simulated);
            return new HttpSurface(options, loop.Trigger, metrics, readiness, log) { Pages = page };
        });
    }
}
