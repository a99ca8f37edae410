namespace GitOpsBackup.Specs.Checks;

/// <summary>IANA time zone names only (Kubernetes CronJob timeZone takes IANA names, not Windows ones).</summary>
internal static class TimeZones
{
    public static (string Message, string Hint)? Error(string id)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId && id != "Local")
        {
            return null;
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana))
        {
            return ($"'{id}' is a Windows time zone name, not an IANA one", $"use '{iana}'");
        }

        return ($"unknown time zone '{id}'", "use an IANA name such as UTC, Europe/Berlin or America/New_York");
    }
}
