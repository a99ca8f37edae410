using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Rendering;

/// <summary>One app's spec with the repo's BackupDefaults merged in: what the CronJob is built from.</summary>
internal sealed record AppSettings
{
    public required HomelabBackup App { get; init; }

    public required BackupDefaults Defaults { get; init; }

    /// <summary>The concrete cron schedule (hashed form expanded, macros as written).</summary>
    public required string Schedule { get; init; }

    public required string TimeZone { get; init; }

    public required RetentionPolicy Retention { get; init; }

    public required ComputeResources Resources { get; init; }

    /// <summary>PVC names in spec order, de-duplicated.</summary>
    public required IReadOnlyList<string> Claims { get; init; }

    /// <summary>S3 bucket names in spec order, de-duplicated.</summary>
    public required IReadOnlyList<string> Buckets { get; init; }

    /// <summary>The restore drill with BackupDefaults' values filled in.</summary>
    public required VerifyPolicy Verify { get; init; }

    /// <summary>The drill's concrete schedule when the drill is rendered (on, and the app has PVCs); else null.</summary>
    public string? VerifySchedule { get; init; }

    /// <summary>The app's notification blocks over BackupDefaults' (each block replaced as a whole).</summary>
    public Notifications Notifications { get; init; } = new Notifications();

    /// <summary>restic --host: stable for the app whatever node or pod runs it.</summary>
    public string ResticHost => $"{App.Name}.{App.Namespace}";

    public static AppSettings Merge(HomelabBackup app, BackupDefaults defaults, string schedule) => new()
    {
        App = app,
        Defaults = defaults,
        Schedule = schedule,
        TimeZone = app.TimeZone ?? defaults.TimeZone,
        Retention = app.Retention ?? defaults.Retention,
        Resources = app.Resources ?? defaults.Resources,
        Verify = app.Verify?.Over(defaults.Verify) ?? defaults.Verify,
        Notifications = app.Notifications?.Over(defaults.Notifications) ?? defaults.Notifications,
        Claims = app.Volumes.Where(v => !v.External).Select(v => v.Name).Distinct(StringComparer.Ordinal).ToList(),
        Buckets = app.Volumes.Where(v => v.External).Select(v => v.Name).Distinct(StringComparer.Ordinal).ToList(),
    };
}
