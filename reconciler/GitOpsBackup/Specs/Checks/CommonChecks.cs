using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Specs.Checks;

/// <summary>Rules shared by the kinds that the schema cannot state: across fields or about a parsed value.</summary>
internal static class CommonChecks
{
    public const string LocalConfig = "config.kubernetes.io/local-config";

    private static readonly string[] Periods = ["daily", "weekly", "monthly", "yearly"];

    /// <summary>The local-config annotation (metadata.name and namespace are the schema's dnsLabel).</summary>
    public static void Metadata(DocumentView doc)
    {
        if (doc.Has("/metadata") && doc.String("/metadata/annotations/" + Schema.JsonPointerText.Escape(LocalConfig)) != "true")
        {
            doc.Warning("/metadata", "local-config", $"annotation {LocalConfig}: \"true\" is missing",
                "without it kustomize and Flux send this object to the cluster, which has no such kind");
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

    /// <summary>
    /// Requests and limits beyond the "quantity" format (which parses and bounds each value): memory in whole
    /// bytes, and no request above its limit (the API server would refuse the CronJob).
    /// </summary>
    public static void Resources(DocumentView doc, string pointer)
    {
        var values = new Dictionary<string, System.Numerics.BigInteger>(StringComparer.Ordinal);
        foreach (var kind in new[] { "requests", "limits" })
        {
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var at = $"{pointer}/{kind}/{resource}";
                if (doc.StringOrNumber(at) is not { } text || doc.HasErrorAt(at) || !Quantities.TryParse(text, out var nanos, out _))
                {
                    // Absent, or already refused by the schema or the quantity format: one error per value.
                    continue;
                }

                var field = SchemaValidator.FieldName(at);
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
}
