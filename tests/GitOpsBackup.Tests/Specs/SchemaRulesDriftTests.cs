using System.Text.Json.Nodes;
using GitOpsBackup.Specs.Checks;
using GitOpsBackup.Specs.Schema;
using GitOpsBackup.Specs.Yaml;

namespace GitOpsBackup.Tests.Specs;

/// <summary>
/// One place for each rule (spec-schema/README.md, "One place for each rule"): a rule the schema states
/// (pattern, enum, range, length) is not checked again in C#, a rule only C# can state is a named
/// format with exactly one checker, and the schema words its own rules (code, message, fix).
/// </summary>
public sealed class SchemaRulesDriftTests
{
    private static readonly string[] SchemaRuleKeywords = ["pattern", "enum", "const", "minLength", "maxLength", "minimum", "maximum"];

    private static readonly string[] StringRuleKeywords = ["pattern", "minLength", "maxLength"];

    /// <summary>
    /// Fields a hand-written check may read although the schema constrains them: the rule it checks is
    /// across fields or entries, which a schema (and a CRD) cannot state. Each with why.
    /// </summary>
    private static readonly Dictionary<string, string> AcrossFields = new(StringComparer.Ordinal)
    {
        ["/spec/retention/daily"] = "the periods together keep at least one snapshot",
        ["/spec/retention/weekly"] = "the periods together keep at least one snapshot",
        ["/spec/retention/monthly"] = "the periods together keep at least one snapshot",
        ["/spec/retention/yearly"] = "the periods together keep at least one snapshot",
        ["/spec/resources/requests/cpu"] = "a request is not above its limit",
        ["/spec/resources/requests/memory"] = "a request is not above its limit; memory in whole bytes (a warning)",
        ["/spec/resources/limits/cpu"] = "a request is not above its limit",
        ["/spec/resources/limits/memory"] = "a request is not above its limit; memory in whole bytes (a warning)",
        ["/spec/dumps/0/name"] = "names are unique across dumps",
        ["/spec/dumps/0/engine"] = "which fields each engine needs and reads",
        ["/spec/verify/expectFiles/0"] = "the entry's volume is a PVC volume of this spec",
        ["/spec/mode"] = "which block (device or volume) each mode needs",
    };

    public static TheoryData<string> Kinds => new() { "HomelabBackup", "BackupDefaults", "ExternalClone" };

    [Fact]
    public void EveryNamedFormat_HasOneChecker_AndEveryCheckerIsNamedBySomeSchema()
    {
        var named = Enum.GetValues<SpecKind>().SelectMany(kind => NamedFormats(SpecSchemas.Raw(kind))).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(named.Where(f => !SchemaFormats.Checkers.ContainsKey(f)).Select(f => $"format '{f}' has no checker in SchemaFormats.Checkers"));
        Assert.Empty(SchemaFormats.Checkers.Keys.Where(f => !named.Contains(f)).Select(f => $"checker '{f}' is named by no schema"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void NoField_StatesItsRule_BothInTheSchemaAndAsANamedFormat(string kindName)
    {
        var kind = Enum.Parse<SpecKind>(kindName);
        var root = SpecSchemas.Raw(kind);
        var both = Pointers(kind)
            .Where(p => SchemaNavigator.Keyword(root, p, "format") is not null)
            .SelectMany(p => SchemaRuleKeywords.Where(k => SchemaNavigator.Keyword(root, p, k) is not null).Select(k => $"{p}: format and {k}"));

        Assert.Empty(both);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryStringRule_OfTheSchema_CarriesItsCodeMessageAndFix(string kindName)
    {
        var kind = Enum.Parse<SpecKind>(kindName);
        var root = SpecSchemas.Raw(kind);
        var unworded = Pointers(kind)
            .Where(p => StringRuleKeywords.Any(k => SchemaNavigator.Keyword(root, p, k) is not null))
            .Where(p => SchemaRules.At(root, p) is not { Code.Length: > 0, Message.Length: > 0, Fix.Length: > 0 })
            .Select(p => $"{p}: a pattern or length without x-rule {{code, message, fix}}");

        Assert.Empty(unworded);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void HandWrittenChecks_ReadNoFieldTheSchemaConstrains_ButForRulesAcrossFields(string kindName)
    {
        var kind = Enum.Parse<SpecKind>(kindName);
        var root = SpecSchemas.Raw(kind);
        var reads = new HashSet<string>(StringComparer.Ordinal);
        // Variants walk every enum value (engines, modes) and both booleans, so each branch of the checks reads.
        for (var variant = 0; variant < 4; variant++)
        {
            var document = Sample(root, "", variant)!;
            var map = new JsonValueMap { Root = document };
            Index(document, "", map);
            var view = new DocumentView("drift.yaml", map) { ValueReads = reads };
            KindChecks.Check(kind, view);
        }

        var twice = reads
            .Select(Normalize)
            .Distinct(StringComparer.Ordinal)
            .Where(p => !AcrossFields.ContainsKey(p))
            .SelectMany(p => SchemaRuleKeywords.Append("format").Where(k => SchemaNavigator.Keyword(root, p, k) is not null)
                .Select(k => $"{p}: the schema states its {k}, and a hand-written check reads it; keep the rule in one place (or list a rule across fields in AcrossFields)"));

        Assert.Empty(twice);

        // The detection is live: the listed reads this kind makes are found, and each carries a schema rule.
        var listed = reads.Select(Normalize).Where(AcrossFields.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(listed);
        Assert.All(listed, p => Assert.Contains(SchemaRuleKeywords.Append("format"), k => SchemaNavigator.Keyword(root, p, k) is not null));
    }

    [Fact]
    public void RuleDefinitions_AreTheSameInEveryFile()
    {
        // Names reads homelabbackup's dnsLabel and dnsSubdomain for values met outside a spec: the others must agree.
        var rules = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var differ = new List<string>();
        foreach (var kind in Enum.GetValues<SpecKind>())
        {
            foreach (var (name, definition) in SpecSchemas.Raw(kind)["$defs"]!.AsObject().Where(d => d.Value?["x-rule"] is not null))
            {
                if (rules.TryGetValue(name, out var first) && !JsonNode.DeepEquals(first, definition))
                {
                    differ.Add($"$defs/{name} of {SpecSchemas.FileName(kind)} differs from another schema's");
                }

                rules.TryAdd(name, definition!);
            }
        }

        Assert.Empty(differ);
        Assert.Contains("dnsLabel", rules.Keys);
        Assert.Contains("dnsSubdomain", rules.Keys);
    }

    /// <summary>Every field's pointer, and each list's item as /0.</summary>
    private static IEnumerable<string> Pointers(SpecKind kind) =>
        SchemaFields.Of(kind).SelectMany(f => f.Items is null ? [f.Pointer] : new[] { f.Pointer, f.Pointer + "/0" });

    private static IEnumerable<string> NamedFormats(JsonNode? node) => node switch
    {
        JsonObject obj => (obj["format"] is JsonValue format ? [format.GetValue<string>()] : Enumerable.Empty<string>())
            .Concat(obj.Where(p => p.Key != "format").SelectMany(p => NamedFormats(p.Value))),
        JsonArray array => array.SelectMany(NamedFormats),
        _ => [],
    };

    private static string Normalize(string pointer) =>
        string.Join('/', pointer.Split('/').Select(s => s.Length > 0 && s.All(char.IsAsciiDigit) ? "0" : s));

    /// <summary>A document with every field the schema knows, each of the right type (validity does not matter here).</summary>
    private static JsonNode? Sample(JsonObject root, string pointer, int variant)
    {
        var schema = SchemaNavigator.At(root, pointer)!;
        if (schema["enum"] is JsonArray choices)
        {
            return choices[variant % choices.Count]!.DeepClone();
        }

        if (schema["const"] is { } constant)
        {
            return constant.DeepClone();
        }

        return schema["type"] switch
        {
            JsonArray => "1",
            JsonValue type when type.GetValue<string>() == "object" && schema["properties"] is JsonObject properties =>
                new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, Sample(root, pointer + "/" + p.Key, variant)))),
            JsonValue type when type.GetValue<string>() == "object" => new JsonObject { ["key"] = "value" },
            JsonValue type when type.GetValue<string>() == "array" => new JsonArray(Sample(root, pointer + "/0", variant)),
            JsonValue type when type.GetValue<string>() == "integer" => schema["minimum"]?.DeepClone() ?? 1,
            JsonValue type when type.GetValue<string>() == "boolean" => variant % 2 == 0,
            _ => schema["default"]?.DeepClone() ?? "text",
        };
    }

    private static void Index(JsonNode node, string pointer, JsonValueMap map)
    {
        map.Values[pointer] = (1, 1);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    Index(child!, pointer + "/" + JsonPointerText.Escape(key), map);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Index(array[i]!, pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), map);
                }

                break;
        }
    }
}
