using GitOpsBackup.Specs;

namespace GitOpsBackup.Rendering;

/// <summary>
/// Turns the hashed cron form (<c>H</c>, <c>H(a-b)</c>; syntax owned by <see cref="HashedCron"/>)
/// into a concrete schedule that is stable for an app, so apps sharing "H 2 * * *" spread over the
/// hour instead of starting together. Each value is chosen by the SHA-256 of
/// "&lt;namespace&gt;/&lt;name&gt;/&lt;field index&gt;". Macros (@daily) and plain cron pass through.
/// </summary>
internal static class HashedSchedule
{
    /// <summary>The concrete schedule, or an error message when the expression is malformed.</summary>
    public static (string? Schedule, string? Error) Expand(string schedule, string ns, string name)
    {
        try
        {
            var concrete = HashedCron.Expand(schedule, (field, min, max) => min + Hashing.Pick($"{ns}/{name}/{field}", max - min + 1));
            return (concrete, null);
        }
        catch (FormatException ex)
        {
            return (null, $"schedule \"{schedule}\": {ex.Message}");
        }
    }
}
