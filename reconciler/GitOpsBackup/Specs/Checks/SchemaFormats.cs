using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Specs.Checks;

/// <summary>
/// The named formats of the schemas (<c>"format": "cron"</c>) and their one implementation each: the rules
/// a pattern cannot state (a cron's ranges, the time zone database, a quantity's numeric range, S3's
/// bucket rules, an endpoint printed without its password). Every string (or number) whose schema names
/// a format is checked here, at its line:col, with a fix; the drift test holds schema and table together.
/// </summary>
internal static class SchemaFormats
{
    /// <summary>One format: its diagnostic code and the check (field as users read it, value) → message and fix, or null.</summary>
    public sealed record Checker(string Code, Func<string, string, (string Message, string Fix)?> Check);

    public static IReadOnlyDictionary<string, Checker> Checkers { get; } = new Dictionary<string, Checker>(StringComparer.Ordinal)
    {
        ["cron"] = new("cron", static (field, value) => HashedCron.IsValid(value, out var error) ? null
            : ($"{field} '{value}' is not a valid schedule: {error}",
                "5 fields (minute hour day-of-month month day-of-week) like \"30 2 * * *\", a macro like @daily, or hashed like \"H H(1-4) * * *\"")),
        ["iana-time-zone"] = new("timezone", static (field, value) => TimeZones.Error(value) is { } error ? ($"{field}: {error.Message}", error.Hint) : null),
        ["s3-bucket"] = new("bucket", static (field, value) => BucketNames.Error(value) is { } error
            ? ($"{field}: {error}", "S3 bucket names: 3-63 characters of lowercase letters, digits, '.' and '-', starting and ending with a letter or digit")
            : null),
        ["s3-endpoint"] = new("endpoint", static (field, value) => Formats.EndpointError(value) is { } error ? ($"{field}: {error}", "e.g. https://rgw.lan:443") : null),
        // Only parsing and range here: whole bytes and request ≤ limit are CommonChecks.Resources' (they need the value or the other field).
        ["quantity"] = new("quantity", static (field, value) => Quantities.Error(value) is { } error
            ? ($"{field} '{value}' {error}", "a Kubernetes quantity between 0 and about 8Ei: cpu like 250m or 2, memory like 512Mi or 4Gi")
            : null),
    };

    /// <summary>Checks every value of the document whose schema names a format (values the schema refused already are skipped).</summary>
    public static void Check(DocumentView doc, SpecKind kind)
    {
        if (doc.Map.Root is { } root)
        {
            Walk(doc, SpecSchemas.Raw(kind), root, "");
        }
    }

    private static void Walk(DocumentView doc, JsonObject schema, JsonNode node, string pointer)
    {
        // A value the schema has no place for (an unknown field, already reported) holds no format to check:
        // not walking it keeps a hostile subtree (an alias bomb under an unknown key) from costing a schema
        // lookup per node.
        if (pointer.Length > 0 && SchemaNavigator.At(schema, pointer) is null)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (child is not null)
                    {
                        Walk(doc, schema, child, pointer + "/" + JsonPointerText.Escape(key));
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item)
                    {
                        Walk(doc, schema, item, pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                break;
            case JsonValue value when value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
                && SchemaNavigator.Keyword(schema, pointer, "format") is JsonValue format
                && Checkers.TryGetValue(format.GetValue<string>(), out var checker)
                && !doc.HasErrorAt(pointer)
                && checker.Check(SchemaValidator.FieldName(pointer), value.ToString()) is { } problem:
                doc.Error(pointer, checker.Code, problem.Message, problem.Fix);
                break;
        }
    }
}
