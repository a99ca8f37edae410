using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace GitOpsBackup.Specs.Yaml;

/// <summary>
/// Converts a YAML tree to a JSON value for schema validation, keeping where every value (and key)
/// came from by JSON pointer. Plain scalars are typed the way Kubernetes tools read them:
/// YAML 1.1's yes/no/on/off/y/n become booleans (as in kubectl and Flux), and are remembered so that
/// a boolean where a string belongs can say "quote it".
/// </summary>
internal static partial class YamlJson
{
    private static readonly HashSet<string> Yaml11True = new(StringComparer.Ordinal) { "y", "Y", "yes", "Yes", "YES", "on", "On", "ON" };
    private static readonly HashSet<string> Yaml11False = new(StringComparer.Ordinal) { "n", "N", "no", "No", "NO", "off", "Off", "OFF" };

    public static JsonValueMap Convert(YamlNode root)
    {
        var map = new JsonValueMap();
        var json = ToJson(root, "", map);
        return map with { Root = json };
    }

    private static JsonNode? ToJson(YamlNode node, string pointer, JsonValueMap map)
    {
        map.Values[pointer] = (node.Line, node.Column);
        switch (node)
        {
            case YamlMapping mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Entries)
                {
                    var child = pointer + "/" + Escape(key.Value);
                    map.Keys[child] = (key.Line, key.Column);
                    obj[key.Value] = ToJson(value, child, map);
                }

                return obj;
            case YamlSequence sequence:
                var array = new JsonArray();
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    array.Add(ToJson(sequence.Items[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture), map));
                }

                return array;
            case YamlScalar scalar:
                return Scalar(scalar, pointer, map);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalar scalar, string pointer, JsonValueMap map)
    {
        var text = scalar.Value;
        if (!scalar.Plain || scalar.Tag is "tag:yaml.org,2002:str" or "!!str")
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Yaml11True.Contains(text) || Yaml11False.Contains(text))
        {
            map.Yaml11Booleans.Add(pointer);
            return JsonValue.Create(Yaml11True.Contains(text));
        }

        if (IntPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (IntPattern().IsMatch(text) && decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
        {
            // Past long but within decimal: kept exact, so a message quotes the digits as written, not 9.2E+18.
            return JsonValue.Create(big);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }

    public static string Escape(string key) => key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
