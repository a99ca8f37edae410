namespace GitOpsBackup.Source;

/// <summary>Capped exponential back-off: initial, 2×, 4×, … up to the cap.</summary>
internal static class Backoff
{
    public static TimeSpan After(int consecutiveFailures, TimeSpan initial, TimeSpan cap)
    {
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        // Shift at most 30 times so the multiplication cannot overflow before the cap applies.
        var factor = 1L << Math.Min(consecutiveFailures - 1, 30);
        var ticks = initial.Ticks * factor;
        return ticks <= 0 || ticks > cap.Ticks || ticks / factor != initial.Ticks ? cap : TimeSpan.FromTicks(ticks);
    }
}
