using NCrontab;

namespace GitOpsBackup.Cycle;

/// <summary>
/// When a backup CronJob fires, by the same rules as the simulated CronJob controller
/// (EmbeddedCluster Simulation/CronSchedule): the same macro table, 5-field NCrontab, the schedule's
/// IANA zone (unknown → UTC), local times in a spring-forward gap skipped. An ambiguous fall-back
/// time is one run at its first occurrence, with the repeat kept so a Job stamped at either matches.
/// </summary>
internal static class CronTimes
{
    // How far local clocks may run from UTC-stepped ones across a DST change; the largest shift in use is 2 h.
    private static readonly TimeSpan Slack = TimeSpan.FromHours(3);

    /// <summary>The 5-field form of a macro; other schedules pass through unchanged.</summary>
    public static string Expression(string schedule) => schedule switch
    {
        "@yearly" or "@annually" => "0 0 1 1 *",
        "@monthly" => "0 0 1 * *",
        "@weekly" => "0 0 * * 0",
        "@daily" or "@midnight" => "0 0 * * *",
        "@hourly" => "0 * * * *",
        _ => schedule,
    };

    /// <summary>
    /// The runs whose first occurrence lies in [<paramref name="from"/>, <paramref name="to"/>), in
    /// time order, as UTC instants. An unparsable schedule never fires (like the simulator), so it has none.
    /// </summary>
    public static IEnumerable<(DateTimeOffset First, DateTimeOffset? Repeat)> Between(string schedule, string? timeZone, DateTimeOffset from, DateTimeOffset to)
    {
        var cron = CrontabSchedule.TryParse(Expression(schedule));
        if (cron is null || to <= from)
        {
            yield break;
        }

        var zone = ZoneClock.Zone(timeZone);
        // Local times do not map monotonically to instants around a fall-back; widen, then filter by instant.
        var localFrom = TimeZoneInfo.ConvertTime(from, zone).DateTime - Slack;
        var localTo = TimeZoneInfo.ConvertTime(to, zone).DateTime + Slack;
        foreach (var local in cron.GetNextOccurrences(localFrom.AddTicks(-1), localTo))
        {
            if (ZoneClock.Occurrences(local, zone) is { } at && at.First >= from && at.First < to)
            {
                yield return (at.First.ToUniversalTime(), at.Repeat?.ToUniversalTime());
            }
        }
    }

    /// <summary>
    /// Local times the schedule names in (<paramref name="from"/>, <paramref name="to"/>) that do not
    /// exist in its zone (a spring-forward gap), so it does not fire then; in order.
    /// </summary>
    public static IEnumerable<DateTime> Skipped(string schedule, string? timeZone, DateTimeOffset from, DateTimeOffset to)
    {
        var cron = CrontabSchedule.TryParse(Expression(schedule));
        if (cron is null || to <= from)
        {
            return [];
        }

        var zone = ZoneClock.Zone(timeZone);
        var localFrom = TimeZoneInfo.ConvertTime(from, zone).DateTime;
        var localTo = TimeZoneInfo.ConvertTime(to, zone).DateTime;
        return cron.GetNextOccurrences(localFrom, localTo).Where(zone.IsInvalidTime);
    }
}
