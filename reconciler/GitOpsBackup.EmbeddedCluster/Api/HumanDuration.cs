using System.Globalization;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>Ages as kubectl prints them (apimachinery's duration.HumanDuration).</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(-1))
        {
            return "<invalid>";
        }

        if (d < TimeSpan.Zero)
        {
            return "0s";
        }

        var c = CultureInfo.InvariantCulture;
        var seconds = (long)d.TotalSeconds;
        var minutes = seconds / 60;
        var hours = minutes / 60;
        var days = hours / 24;
        var years = days / 365;
        return seconds switch
        {
            < 120 => string.Create(c, $"{seconds}s"),
            _ when minutes < 10 => seconds % 60 == 0 ? string.Create(c, $"{minutes}m") : string.Create(c, $"{minutes}m{seconds % 60}s"),
            _ when minutes < 180 => string.Create(c, $"{minutes}m"),
            _ when hours < 8 => minutes % 60 == 0 ? string.Create(c, $"{hours}h") : string.Create(c, $"{hours}h{minutes % 60}m"),
            _ when hours < 48 => string.Create(c, $"{hours}h"),
            _ when hours < 192 => hours % 24 == 0 ? string.Create(c, $"{days}d") : string.Create(c, $"{days}d{hours % 24}h"),
            _ when years < 2 => string.Create(c, $"{days}d"),
            _ when years < 8 => days % 365 == 0 ? string.Create(c, $"{years}y") : string.Create(c, $"{years}y{days % 365}d"),
            _ => string.Create(c, $"{years}y"),
        };
    }
}
