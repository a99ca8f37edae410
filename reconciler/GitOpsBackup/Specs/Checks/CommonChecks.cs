using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Specs.Checks;

/// <summary>Checks shared by the three kinds: metadata, schedule, time zone, retention, bucket names.</summary>
internal static class CommonChecks
{
    public const string LocalConfig = "config.kubernetes.io/local-config";

    private static readonly string[] Periods = ["daily", "weekly", "monthly", "yearly"];

    public static void Metadata(DocumentView doc)
    {
        if (doc.String("/metadata/name") is { } name && Names.LabelError(name) is { } nameError)
        {
            doc.Error("/metadata/name", "name", $"metadata.name {nameError}", "a DNS-1123 label, e.g. 'nextcloud'");
        }

        if (doc.String("/metadata/namespace") is { } ns && Names.LabelError(ns) is { } nsError)
        {
            doc.Error("/metadata/namespace", "name", $"metadata.namespace {nsError}", "a DNS-1123 label, e.g. 'nextcloud'");
        }

        if (doc.Has("/metadata") && doc.String("/metadata/annotations/" + Schema.JsonPointerText.Escape(LocalConfig)) != "true")
        {
            doc.Warning("/metadata", "local-config", $"annotation {LocalConfig}: \"true\" is missing",
                "without it kustomize and Flux send this object to the cluster, which has no such kind");
        }
    }

    public static void Schedule(DocumentView doc, string pointer)
    {
        if (doc.String(pointer) is { } schedule && !HashedCron.IsValid(schedule, out var error))
        {
            doc.Error(pointer, "cron", $"{SchemaValidator.FieldName(pointer)} '{schedule}' is not a valid schedule: {error}",
                "5 fields (minute hour day-of-month month day-of-week) like \"30 2 * * *\", a macro like @daily, or hashed like \"H H(1-4) * * *\"");
        }
    }

    public static void TimeZone(DocumentView doc, string pointer)
    {
        if (doc.String(pointer) is { } zone && TimeZones.Error(zone) is { } error)
        {
            doc.Error(pointer, "timezone", $"{SchemaValidator.FieldName(pointer)}: {error.Message}", error.Hint);
        }
    }

    public static void Retention(DocumentView doc, string pointer)
    {
        if (!doc.Has(pointer) || doc.Node(pointer) is not System.Text.Json.Nodes.JsonObject)
        {
            return;
        }

        var keeps = Periods.Sum(p => doc.Long(pointer + "/" + p) ?? 0);
        if (keeps <= 0)
        {
            doc.Error(pointer, "retention", $"{SchemaValidator.FieldName(pointer)} keeps nothing: restic forget would delete every snapshot",
                "keep at least one period, e.g. daily: 7 (an omitted period keeps none)");
        }
    }

    /// <summary>The verify block's schedule and restic --read-data-subset value; expectFiles are checked by the caller (per app only).</summary>
    public static void Verify(DocumentView doc, string pointer)
    {
        Schedule(doc, pointer + "/schedule");
        if (doc.String(pointer + "/readDataSubset") is { } subset && !Formats.IsReadDataSubset(subset))
        {
            doc.Error(pointer + "/readDataSubset", "verify", $"{SchemaValidator.FieldName(pointer + "/readDataSubset")} '{subset}' is not a restic --read-data-subset value",
                "a share like \"5%\" or \"2.5%\", a size like \"500M\", a part like \"1/7\", or \"0\" for no data");
        }
    }

    public static void Bucket(DocumentView doc, string pointer)
    {
        if (doc.String(pointer) is { } bucket && BucketNames.Error(bucket) is { } error)
        {
            doc.Error(pointer, "bucket", $"{SchemaValidator.FieldName(pointer)}: {error}",
                "S3 bucket names: 3-63 characters of lowercase letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
    }

    /// <summary>
    /// Requests and limits: each a quantity our own parser accepts (so rendering never meets one it cannot
    /// write), memory in whole bytes, and no request above its limit (the API server would refuse the CronJob).
    /// </summary>
    public static void Resources(DocumentView doc, string pointer)
    {
        var values = new Dictionary<string, System.Numerics.BigInteger>(StringComparer.Ordinal);
        foreach (var kind in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var at = $"{pointer}/{kind}/{resource}";
                if (doc.StringOrNumber(at) is not { } text || doc.HasErrorAt(at))
                {
                    // Absent, or already refused by the schema's pattern: one error per value.
                    continue;
                }

                var field = SchemaValidator.FieldName(at);
                if (!Quantities.TryParse(text, out var nanos, out var error))
                {
                    doc.Error(at, "quantity", $"{field} '{text}' {error}",
                        "a Kubernetes quantity between 0 and about 8Ei: cpu like 250m or 2, memory like 512Mi or 4Gi");
                    continue;
                }

                values[$"{kind}/{resource}"] = nanos;
                if (resource == "memory" && !(nanos % 1_000_000_000).IsZero)
                {
                    doc.Warning(at, "quantity", $"{field} '{text}' is not a whole number of bytes",
                        "the suffix m means thousandths; for mebibytes write Mi, e.g. 512Mi");
                }
            }
        }

        foreach (var resource in new[] { "cpu", "memory" })
        {
            if (values.TryGetValue("requests/" + resource, out var request) && values.TryGetValue("limits/" + resource, out var limit) && request > limit)
            {
                var at = $"{pointer}/requests/{resource}";
                doc.Error(at, "quantity",
                    $"{SchemaValidator.FieldName(at)} '{doc.StringOrNumber(at)}' is more than {SchemaValidator.FieldName($"{pointer}/limits/{resource}")} '{doc.StringOrNumber($"{pointer}/limits/{resource}")}'",
                    "Kubernetes refuses a request above its limit; raise the limit or lower the request");
            }
        }
    }

    public static void Subdomain(DocumentView doc, string pointer, string what)
    {
        if (doc.String(pointer) is { } name && Names.SubdomainError(name) is { } error)
        {
            doc.Error(pointer, "name", $"{SchemaValidator.FieldName(pointer)}: {what} {error}", "a DNS-1123 subdomain, e.g. 'restic-password'");
        }
    }

    /// <summary>The Secret names of a notifications block (every URL and token is a Secret reference, checked like the others).</summary>
    public static void Notifications(DocumentView doc, string pointer)
    {
        foreach (var secret in new[] { "/healthchecks/urlSecret", "/night/urlSecret", "/ntfy/urlSecret", "/ntfy/tokenSecret", "/webhook/urlSecret" })
        {
            Subdomain(doc, pointer + secret + "/name", "Secret name");
        }
    }
}
