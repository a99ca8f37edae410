namespace GitOpsBackup.Cycle;

/// <summary>
/// Local wall-clock times to instants in a zone, with the two DST rules the cycle uses: a time in a
/// spring-forward gap means the first instant after the gap, an ambiguous fall-back time its first
/// (earlier) occurrence.
/// </summary>
internal static class ZoneClock
{
    /// <summary>The zone by id; unknown ids fall back to UTC, as the simulated CronJob controller does.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The instant a local time means, carrying the zone's offset at that instant (for display).</summary>
    public static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // Gaps are whole minutes wide in every zone in use, so stepping by minutes lands on the gap's end.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return Occurrences(local, zone)!.Value.First;
    }

    /// <summary>
    /// The instants a local time occurs at: none in a gap, two for an ambiguous time (the repeat is
    /// the later one), else one. Both carry the zone's offset at that instant.
    /// </summary>
    public static (DateTimeOffset First, DateTimeOffset? Repeat)? Occurrences(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            return null;
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            // The larger offset is the earlier instant (daylight time, before the clocks go back).
            return (new DateTimeOffset(local, offsets.Max()), new DateTimeOffset(local, offsets.Min()));
        }

        return (new DateTimeOffset(local, zone.GetUtcOffset(local)), null);
    }
}
