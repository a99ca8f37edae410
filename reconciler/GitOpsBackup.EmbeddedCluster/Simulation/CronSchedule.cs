using NCrontab;

namespace GitOpsBackup.EmbeddedCluster.Simulation;

/// <summary>When a CronJob fires: its schedule (5 fields or a macro) in its time zone, as UTC instants.</summary>
internal static class CronSchedule
{
    public static DateTimeOffset? LatestDue(string schedule, string? timeZone, DateTimeOffset after, DateTimeOffset now)
    {
        var expression = schedule switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => schedule,
        };
        var cron = CrontabSchedule.TryParse(expression);
        if (cron is null)
        {
            return null;
        }

        var zone = timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found) ? found : TimeZoneInfo.Utc;
        var localAfter = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var localNow = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        // Like the CronJob controller after downtime: only the most recent missed time runs.
        DateTime? latest = null;
        foreach (var occurrence in cron.GetNextOccurrences(localAfter, localNow.AddTicks(1)))
        {
            if (!zone.IsInvalidTime(occurrence))
            {
                latest = occurrence;
            }
        }

        return latest is { } local ? new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone)) : null;
    }
}
