using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using k8s.Models;

namespace GitOpsBackup.Rendering;

/// <summary>
/// Specs → desired objects. Pure: no I/O, no clock; the same input gives byte-identical YAML.
/// One app's problem fails that app only (reported in the result), never the others.
/// </summary>
public static class BackupRenderer
{
    /// <param name="cache">Reuses the CronJobs of apps whose inputs did not change (the run loop keeps one).</param>
    /// <param name="each">
    /// When given, each app's objects are handed to it as soon as they are rendered, in the same order, and not
    /// kept in the result: a caller that writes them out never holds the whole set (render of 10,000 apps).
    /// </param>
    public static RenderResult Render(RenderInput input, AppRenderCache? cache = null, Action<DesiredObject>? each = null)
    {
        var specs = input.Specs;
        var diagnostics = new List<Diagnostic>();
        var failed = new HashSet<AppKey>();
        var objects = new List<DesiredObject>();
        var apps = specs.Apps
            .OrderBy(a => a.Namespace, StringComparer.Ordinal)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();

        var defaults = specs.Defaults;
        var defaultsError = defaults is null ? null : CheckDefaults(defaults);
        if (defaults is null || defaultsError is not null)
        {
            // Without usable defaults there is no endpoint or Secret to render with: every app fails, loudly.
            var at = defaults?.Location ?? apps.FirstOrDefault()?.Location ?? SourceLocation.OfFile(".");
            if (apps.Count > 0 || specs.ExternalClone is not null)
            {
                diagnostics.Add(Diagnostic.Error(at, "render-defaults",
                    defaultsError ?? "no BackupDefaults spec: the S3 endpoint, Secrets and images are unknown, so nothing can be rendered",
                    defaultsError is null ? "add one file with kind: BackupDefaults (apiVersion backup.homelab.dev/v1alpha1) to the repo" : null));
            }

            failed.UnionWith(apps.Select(a => a.Key));
            return new RenderResult(objects, null, diagnostics, failed);
        }

        foreach (var app in apps)
        {
            var (schedule, error) = HashedSchedule.Expand(app.Schedule ?? defaults.Schedule, app.Namespace, app.Name);
            error ??= CheckApp(app, defaults, input.Facts);
            if (error is not null)
            {
                diagnostics.Add(Diagnostic.Error(app.Location, "render", $"{app.Key}: {error}; its backup CronJob is not rendered"));
                failed.Add(app.Key);
                continue;
            }

            var settings = AppSettings.Merge(app, defaults, schedule!);
            if (settings.Verify.Enabled == true && settings.Claims.Count > 0)
            {
                var (verifySchedule, verifyError) = HashedSchedule.Expand(settings.Verify.Schedule!, app.Namespace, app.Name + "/verify");
                if (verifyError is not null)
                {
                    diagnostics.Add(Diagnostic.Error(app.Location, "render", $"{app.Key}: verify {verifyError}; its CronJobs are not rendered"));
                    failed.Add(app.Key);
                    continue;
                }

                settings = settings with { VerifySchedule = verifySchedule };
            }

            IReadOnlyList<V1CronJob> cronJobs;
            try
            {
                cronJobs = cache is null
                    ? Render(settings, input.Facts, input.Revision)
                    : cache.GetOrRender(app, defaults, schedule!, input.Facts, input.Revision, () => Render(settings, input.Facts, input.Revision));
            }
            catch (FormatException ex)
            {
                // A resource quantity the spec checks let through ("1 GB"): the app fails, the rest render.
                diagnostics.Add(Diagnostic.Error(app.Location, "render", $"{app.Key}: {ex.Message}; its backup CronJob is not rendered",
                    "resources use Kubernetes quantities such as 100m, 256Mi, 1Gi"));
                failed.Add(app.Key);
                continue;
            }

            foreach (var cronJob in cronJobs)
            {
                var desired = new DesiredObject(app.Key, cronJob);
                if (each is null)
                {
                    objects.Add(desired);
                }
                else
                {
                    each(desired);
                }
            }
        }

        CloneJobTemplate? clone = null;
        if (specs.ExternalClone is { } external)
        {
            var cloneError = CheckClone(external);
            if (cloneError is null)
            {
                try
                {
                    clone = CloneJobRenderer.Render(external, defaults, CloneJobRenderer.SelectBuckets(external, specs.Apps), input.Revision);
                }
                catch (FormatException ex)
                {
                    // The defaults' resources, refused by the quantity parser: the clone fails, the CronJobs stand.
                    diagnostics.Add(Diagnostic.Error(external.Location, "render", $"ExternalClone: {ex.Message}; the clone Job is not rendered",
                        "resources use Kubernetes quantities such as 100m, 256Mi, 1Gi"));
                }
            }
            else
            {
                diagnostics.Add(Diagnostic.Error(external.Location, "render", $"ExternalClone: {cloneError}; the clone Job is not rendered"));
            }
        }

        cache?.Commit();
        return new RenderResult(objects, clone, diagnostics, failed);
    }

    // The app's backup CronJob, then its restore drill when that is on.
    private static List<V1CronJob> Render(AppSettings settings, ClusterFacts facts, string revision)
    {
        var cronJobs = new List<V1CronJob> { CronJobRenderer.Render(settings, facts, revision) };
        if (settings.VerifySchedule is not null)
        {
            cronJobs.Add(VerifyCronJobRenderer.Render(settings, facts, revision));
        }

        return cronJobs;
    }

    private static string? CheckDefaults(BackupDefaults defaults) =>
        Uri.TryCreate(defaults.S3Endpoint, UriKind.Absolute, out var endpoint) && !string.IsNullOrEmpty(endpoint.UserInfo)
            ? "BackupDefaults s3Endpoint carries credentials in the URL; they would end up in every pod spec"
            : null;

    private static string? CheckApp(HomelabBackup app, BackupDefaults defaults, ClusterFacts facts)
    {
        if (app.Volumes.Count == 0 && app.Dumps.Count == 0)
        {
            return "no volumes and no dumps to back up";
        }

        var timeZone = app.TimeZone ?? defaults.TimeZone;
        if (!facts.SupportsCronJobTimeZone && timeZone != "UTC" && timeZone != "Etc/UTC")
        {
            return $"timeZone {timeZone} needs Kubernetes 1.27 or later (this cluster is 1.{facts.KubernetesMinorVersion})";
        }

        return null;
    }

    private static string? CheckClone(ExternalClone clone) => clone.Mode switch
    {
        CloneMode.Device when string.IsNullOrEmpty(clone.DevicePath) => "device mode needs devicePath",
        CloneMode.Volume when string.IsNullOrEmpty(clone.ClaimName) => "volume mode needs claimName",
        _ => null,
    };
}
