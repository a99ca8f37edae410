using System.Globalization;
using GitOpsBackup.Admission;
using GitOpsBackup.Cycle;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Cycle;

/// <summary>Fixed instants, clone specs and Jobs for the night's-cycle tests.</summary>
internal static class CycleKit
{
    public static readonly TimeSpan MissedAfter = TimeSpan.FromHours(1);

    /// <summary>The night of 2026-05-10, UTC, 00:00 to 08:00.</summary>
    public static readonly NightWindow May10 = new(new DateOnly(2026, 5, 10), At("2026-05-10T00:00Z"), At("2026-05-10T08:00Z"));

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static ExternalClone Clone(string start = "00:00", string latest = "08:00", string zone = "UTC") => MinimalSpecs.Clone(CloneMode.Volume) with
    {
        Namespace = "backup-system",
        NodeName = "node-a",
        DiskId = "usb-a",
        CycleStart = start,
        LatestStart = latest,
        TimeZone = zone,
        Location = new SourceLocation("external-clone.yaml", 1, 1),
    };

    public static ExpectedRun Run(string app, string at, string ns = "home") => new(ns, app, At(at));

    public static BackupJob Job(string app, string scheduledAt, BackupJobState state, JobOutcome? outcome = null, string ns = "home", bool manual = false) => new()
    {
        Namespace = ns,
        Name = $"backup-{app}-{At(scheduledAt).ToUnixTimeSeconds() / 60}",
        App = app,
        ScheduledAt = At(scheduledAt),
        State = state,
        Outcome = outcome,
        Manual = manual,
        FinishedAt = state == BackupJobState.Finished ? At(scheduledAt).AddMinutes(20) : null,
    };
}
