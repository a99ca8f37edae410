using System.Globalization;
using GitOpsBackup.Cycle;

namespace GitOpsBackup.Diffing;

/// <summary>
/// The next runs of a schedule, written in the schedule's own zone with its UTC offset, so a change
/// across a DST switch reads the way the reviewer's clock will show it. Uses <see cref="CronTimes"/>,
/// the same rules as the cycle and the simulated CronJob controller.
/// </summary>
internal static class NextRuns
{
    // Far enough for a yearly schedule to show three runs; the enumeration is lazy, so a daily one stops after three.
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(5 * 366);

    public static IReadOnlyList<DateTimeOffset> Of(string schedule, string timeZone, DateTimeOffset now, int count) =>
        CronTimes.Between(schedule, timeZone, now, now + Horizon).Take(count).Select(r => r.First).ToList();

    /// <summary>"next runs: Sat 2026-03-28 01:00 +01:00, …" (or "never fires" for a schedule with no run in five years).</summary>
    public static string Line(string label, string schedule, string timeZone, DateTimeOffset now, int count)
    {
        var runs = Of(schedule, timeZone, now, count);
        return runs.Count == 0 ? $"{label}: none in the next five years" : $"{label}: {string.Join(", ", runs.Select(r => Format(r, timeZone)))}";
    }

    /// <summary>Local times of the schedule between now and its <paramref name="count"/>th run that the zone skips (spring forward).</summary>
    public static IEnumerable<string> Gaps(string schedule, string timeZone, DateTimeOffset now, int count)
    {
        var runs = Of(schedule, timeZone, now, count);
        if (runs.Count == 0)
        {
            return [];
        }

        return CronTimes.Skipped(schedule, timeZone, now, runs[^1]).Select(local =>
            $"no run at {local.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}: that time does not exist in {timeZone} (the clocks spring forward)");
    }

    public static string Format(DateTimeOffset instant, string timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, ZoneClock.Zone(timeZone));
        return local.ToString("ddd yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
    }
}
