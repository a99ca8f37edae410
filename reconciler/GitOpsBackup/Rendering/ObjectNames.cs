using System.Globalization;

namespace GitOpsBackup.Rendering;

/// <summary>Deterministic object names within Kubernetes' limits.</summary>
internal static class ObjectNames
{
    /// <summary>A CronJob's name may not exceed 52 characters (its Jobs append 11).</summary>
    public const int CronJobNameLimit = 52;

    /// <summary>Pod volume names are DNS-1123 labels.</summary>
    public const int LabelLimit = 63;

    public static string CronJob(string app) => Fit("backup-" + app, CronJobNameLimit);

    public static string VerifyCronJob(string app) => Fit("verify-" + app, CronJobNameLimit);

    public static string CloneJob(DateOnly cycle) =>
        "external-clone-" + cycle.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The name itself when it fits; otherwise its head and an 8-hex hash of the whole name, so two
    /// long names sharing a prefix still differ and the same name always gives the same result.
    /// </summary>
    public static string Fit(string name, int limit)
    {
        if (name.Length <= limit)
        {
            return name;
        }

        var suffix = Hashing.Sha256Hex(name)[..8];
        var head = name[..(limit - suffix.Length - 1)].TrimEnd('-', '.');
        return head + "-" + suffix;
    }
}
