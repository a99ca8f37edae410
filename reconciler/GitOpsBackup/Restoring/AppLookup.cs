using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Restoring;

/// <summary>One app's settings from the loaded specs, by name (and namespace when two apps share it). Pure.</summary>
internal static class AppLookup
{
    public static (AppSettings? App, string? Error) Find(SpecSet specs, string name, string? ns)
    {
        var matches = specs.Apps.Where(a => a.Name == name && (ns is null || a.Namespace == ns)).ToList();
        if (matches.Count != 1)
        {
            var broken = specs.BrokenApps.Any(k => k.Name == name) ? "; its spec has errors (gitops-backup validate)" : "";
            return (null, matches.Count == 0
                ? $"no HomelabBackup named {name}{(ns is null ? "" : $" in namespace {ns}")} in the config repo{broken}"
                : $"app {name} exists in namespaces {string.Join(", ", matches.Select(m => m.Namespace))}: give -n NAMESPACE");
        }

        if (specs.Defaults is not { } defaults)
        {
            return (null, "the config repo has no BackupDefaults: the S3 endpoint and Secrets are unknown");
        }

        var app = matches[0];
        var (schedule, error) = HashedSchedule.Expand(app.Schedule ?? defaults.Schedule, app.Namespace, app.Name);
        return error is not null ? (null, $"{app.Key}: {error}") : (AppSettings.Merge(app, defaults, schedule!), null);
    }
}
