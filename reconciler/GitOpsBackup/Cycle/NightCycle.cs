using System.Globalization;
using GitOpsBackup.Admission;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Cycle;

/// <summary>
/// The night's cycle, pure: which night it is, which backups it waits for, and whether tonight's
/// clone Job is created now. The pass gathers the inputs (specs, Jobs from the cache, the clone Job
/// by name, the clock) and carries the decision out.
/// </summary>
public static class NightCycle
{
    /// <summary>
    /// The cycle <paramref name="now"/> belongs to: the one whose start is at or before it and whose
    /// successor's start is after it. With start 00:00, 23:00 belongs to the cycle that began that
    /// day at 00:00 (its latest start long past); with start 22:00, 21:00 still belongs to yesterday's.
    /// A latest start at or before the start (clock terms) falls on the next day.
    /// </summary>
    public static NightWindow WindowAt(ExternalClone clone, DateTimeOffset now)
    {
        var zone = ZoneClock.Zone(clone.TimeZone);
        var start = ClockTime(clone.CycleStart, nameof(clone.CycleStart));
        var latest = ClockTime(clone.LatestStart, nameof(clone.LatestStart));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var cycle = At(today, start, zone) <= now ? today : today.AddDays(-1);
        var latestDay = latest <= start ? cycle.AddDays(1) : cycle;
        return new NightWindow(cycle, At(cycle, start, zone), At(latestDay, latest, zone));
    }

    /// <summary>
    /// The backups the night waits for: each non-suspended app's fire times in [Start, LatestStart),
    /// in its own zone, sorted by time, namespace, app.
    /// </summary>
    public static IReadOnlyList<ExpectedRun> ExpectedRuns(NightWindow window, IEnumerable<CycleApp> apps) =>
    [
        .. apps.Where(a => !a.Suspended)
            .SelectMany(a => CronTimes.Between(a.Schedule, a.TimeZone, window.Start, window.LatestStart)
                .Select(at => new ExpectedRun(a.Namespace, a.App, at.First) { RepeatAt = at.Repeat }))
            .OrderBy(r => r.ScheduledAt)
            .ThenBy(r => r.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.App, StringComparer.Ordinal),
    ];

    /// <summary>
    /// Whether tonight's clone is created now. <paramref name="missedAfter"/> is the CronJobs'
    /// startingDeadlineSeconds: a run with no Job by then was skipped by the controller.
    /// </summary>
    public static CycleDecision Decide(NightWindow window, IReadOnlyList<ExpectedRun> expected, IReadOnlyList<BackupJob> jobs, CloneState clone, DateTimeOffset now, TimeSpan missedAfter)
    {
        // Created once per cycle: whatever happened since, never a second time.
        if (clone is not CloneState.NotCreated)
        {
            return new CycleDecision.CloneExists(PauseBackups: clone is CloneState.Running);
        }

        if (now < window.Start)
        {
            return new CycleDecision.NotStarted(window.Start);
        }

        // Manual Jobs (gitops-backup backup, kubectl create job --from) are not the night's runs.
        var scheduled = jobs.Where(j => !j.Manual).ToLookup(j => (j.Namespace, j.App));
        var runs = expected.Select(run => RunMatcher.Status(run, scheduled[(run.Namespace, run.App)], now, missedAfter)).ToList();
        if (runs.Count == 0)
        {
            return Create(window, "no backups scheduled tonight", runs);
        }

        if (runs.All(r => r.Settled))
        {
            var missed = runs.Where(r => r.Status == RunStatus.Missed).Select(r => r.AppKey).Distinct().ToList();
            var reason = $"all {runs.Count} backups of the night finished" + (missed.Count > 0 ? "; missed: " + string.Join(", ", missed) : "");
            return Create(window, reason, runs);
        }

        if (now >= window.LatestStart)
        {
            var summary = new CycleSummary(window.Cycle, "", CycleSummary.Sorted(runs));
            var latest = window.LatestStart.ToString("HH:mm", CultureInfo.InvariantCulture);
            return new CycleDecision.CreateClone(summary with { Reason = $"latest start {latest} reached; not finished: {string.Join(", ", summary.NotFinished)}" });
        }

        var awaiting = runs.Where(r => !r.Settled).ToList();
        var wakeAt = expected.Zip(runs)
            .Where(pair => pair.Second.Status == RunStatus.Pending)
            .Select(pair => now < pair.First.ScheduledAt ? pair.First.ScheduledAt : pair.First.LastDue + missedAfter)
            .Append(window.LatestStart)
            .Min();
        return new CycleDecision.Wait(awaiting, wakeAt);
    }

    /// <summary>
    /// Clone Jobs of nights before the last <paramref name="keepNights"/> (the current night counts
    /// as one), by name. Later nights are kept: a clock set back must not delete a clone that exists.
    /// </summary>
    public static IReadOnlyList<string> ClonesToDelete(IEnumerable<(string Name, DateOnly Cycle)> existing, DateOnly current, int keepNights = 3)
    {
        // Deleting the current night's Job would let the next pass create it a second time.
        ArgumentOutOfRangeException.ThrowIfLessThan(keepNights, 1);
        var oldestKept = current.AddDays(1 - keepNights);
        return [.. existing.Where(c => c.Cycle < oldestKept).Select(c => c.Name).Order(StringComparer.Ordinal)];
    }

    private static CycleDecision.CreateClone Create(NightWindow window, string reason, List<NightRun> runs) =>
        new(new CycleSummary(window.Cycle, reason, CycleSummary.Sorted(runs)) { Start = window.Start, LatestStart = window.LatestStart });

    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone) =>
        ZoneClock.Instant(day.ToDateTime(time), zone);

    // The spec checks reject anything but HH:mm; a value that still gets here is a bug upstream.
    private static TimeOnly ClockTime(string text, string name) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new ArgumentException($"ExternalClone {name} '{text}' is not a time of day HH:mm", name);
}
