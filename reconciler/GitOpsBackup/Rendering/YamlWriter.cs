using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace GitOpsBackup.Rendering;

/// <summary>
/// <c>KubernetesYaml.Serialize</c>'s text, byte for byte, at a fraction of its cost. KubernetesClient's
/// serializer builds its YamlDotNet object graph by reflection on every call and serialises behind a
/// global lock; this walker reads each model type's properties once (JSON names, declaration order) and
/// sends the same events to the same YamlDotNet emitter, with the same quoting rules (KubernetesClient's
/// StringQuotingEmitter: strings YAML would read as null, bool or a number are double-quoted, multi-line
/// strings are literal blocks; then YamlDotNet's own choice for short and number-like strings, such as
/// "yes" or "0755"). Thread-safe. A value type it does not know throws rather than guess;
/// a test holds it equal to KubernetesYaml for every object the renderers make.
/// </summary>
internal static partial class YamlWriter
{
    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();
    private static readonly ConcurrentDictionary<string, bool> Asked = new(StringComparer.Ordinal);
    private static readonly System.Buffers.SearchValues<char> NumberLike = System.Buffers.SearchValues.Create("0123456789abcdefABCDEFxXoO._:+-");

    public static string Serialize(object value)
    {
        var text = new StringBuilder(8192);
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        var literals = new List<string>();
        Write(emitter, value, literals);

        // No DocumentEnd, as KubernetesYaml.Serialize: the spec hash is taken over exactly that text.
        return literals.Count == 0 ? text.ToString() : Splice(text.ToString(), literals) ?? SerializeWhole(value);
    }

    // The same walk with every string handed to the emitter (the rare fallback of Splice).
    private static string SerializeWhole(object value)
    {
        var text = new StringBuilder(8192);
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Write(emitter, value, literals: null);
        return text.ToString();
    }

    /// <summary>
    /// Puts each long script back where its token was written, as the literal block YamlDotNet writes for it: "|"
    /// (or "|-" without a final line break), then every line indented two past the line that holds the key or the
    /// "- ", empty lines left empty. The emitter would otherwise scan each CronJob's ~20 KiB script character by
    /// character on every render (a third of render's CPU). Null when a token is not found exactly once.
    /// </summary>
    private static string? Splice(string yaml, List<string> literals)
    {
        var text = new StringBuilder(yaml.Length + literals.Sum(l => l.Length * 2));
        var from = 0;
        for (var i = 0; i < literals.Count; i++)
        {
            var token = Token(i) + "\n";
            var at = yaml.IndexOf(token, from, StringComparison.Ordinal);
            if (at < 0 || yaml.IndexOf(token, at + 1, StringComparison.Ordinal) >= 0)
            {
                return null;
            }

            var lineStart = yaml.LastIndexOf('\n', at) + 1;
            var indent = new string(' ', yaml.AsSpan(lineStart).IndexOfAnyExcept(' ') + 2);
            text.Append(yaml, from, at - from);
            var literal = literals[i];
            var body = literal.EndsWith('\n') ? literal[..^1] : literal;
            text.Append(literal.EndsWith('\n') ? "|\n" : "|-\n");
            foreach (var line in body.Split('\n'))
            {
                if (line.Length > 0)
                {
                    text.Append(indent).Append(line);
                }

                text.Append('\n');
            }

            from = at + token.Length;
        }

        return text.Append(yaml, from, yaml.Length - from).ToString();
    }

    private static string Token(int i) => "gob-literal-token-" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A long multi-line text YamlDotNet surely writes as a plain literal block (printable ASCII, no leading space
    /// or line break, no space before a line break, at most one final line break, no token text): what Splice writes.
    /// </summary>
    private static bool Spliceable(string text)
    {
        if (text.Length < 1024 || text[0] is ' ' or '\n' || text.EndsWith("\n\n", StringComparison.Ordinal)
            || text.Contains(" \n", StringComparison.Ordinal) || text.EndsWith(' ') || text.Contains("gob-literal-token-", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c != '\n' && (c < ' ' || c > '~'))
            {
                return false;
            }
        }

        return true;
    }

    private static void Write(IEmitter emitter, object value, List<string>? literals)
    {
        switch (value)
        {
            case string text:
                WriteString(emitter, text, literals);
                break;
            case bool flag:
                emitter.Emit(new Scalar(flag ? "true" : "false"));
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                emitter.Emit(new Scalar(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture)));
                break;
            case ResourceQuantity quantity:
                // KubernetesClient's converter emits a quantity plain, never quoted.
                emitter.Emit(new Scalar(quantity.ToString()));
                break;
            case IntOrString intOrString:
                emitter.Emit(new Scalar(intOrString.Value));
                break;
            case IDictionary map:
                emitter.Emit(new MappingStart());
                foreach (DictionaryEntry entry in map)
                {
                    Write(emitter, entry.Key, literals);
                    if (entry.Value is null)
                    {
                        emitter.Emit(new Scalar(""));
                    }
                    else
                    {
                        Write(emitter, entry.Value, literals);
                    }
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable items:
                emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Any));
                foreach (var item in items)
                {
                    if (item is null)
                    {
                        emitter.Emit(new Scalar(""));
                    }
                    else
                    {
                        Write(emitter, item, literals);
                    }
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                WriteObject(emitter, value, literals);
                break;
        }
    }

    private static void WriteObject(IEmitter emitter, object value, List<string>? literals)
    {
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(byte[]))
        {
            throw new NotSupportedException($"YamlWriter does not write {type.Name} values the way KubernetesYaml does; add it with a test");
        }

        emitter.Emit(new MappingStart());
        foreach (var member in Members.GetOrAdd(type, Inspect))
        {
            // DefaultValuesHandling.OmitNull, as KubernetesYaml.
            if (member.Property.GetValue(value) is { } field)
            {
                WriteString(emitter, member.Name, literals);
                Write(emitter, field, literals);
            }
        }

        emitter.Emit(new MappingEnd());
    }

    private static void WriteString(IEmitter emitter, string text, List<string>? literals)
    {
        if (literals is not null && text.Contains('\n', StringComparison.Ordinal) && !QuotedRegex().IsMatch(text) && Spliceable(text))
        {
            // Written as a token, the script put back by Splice.
            emitter.Emit(new Scalar(null, null, Token(literals.Count), ScalarStyle.Plain, true, false));
            literals.Add(text);
            return;
        }

        var style = QuotedRegex().IsMatch(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : !Ordinary(text) && KubernetesYamlQuotes(text) ? ScalarStyle.DoubleQuoted
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    // What YamlDotNet's serializer reads: public instance properties with a getter, in declaration order, named by [JsonPropertyName].
    private static Member[] Inspect(Type type) => type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
        .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
        .Select(p => new Member(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? CamelCase(p.Name), p))
        .ToArray();

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    private sealed record Member(string Name, PropertyInfo Property);

    // KubernetesClient's StringQuotingEmitter pattern (YAML 1.2 core schema: null, bool, int, float).
    [GeneratedRegex(@"^(\~|null|true|false|-?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$")]
    private static partial Regex QuotedRegex();

    /// <summary>
    /// Longer than any YAML null or bool word and holding a character no YAML number has: no reader takes it
    /// for anything but a string, so YamlDotNet never quotes it for its type. Most strings (names, paths, images) are.
    /// </summary>
    private static bool Ordinary(string text) =>
        text.Length > 5 && text.AsSpan().IndexOfAnyExcept(NumberLike) >= 0;

    // The rest (short words, number-like text) is asked of YamlDotNet itself, once per string: it double-quotes
    // some YAML 1.1 forms ("yes", "0755") and not others ("0x1F"), and that choice is its to make.
    private static bool KubernetesYamlQuotes(string text)
    {
        if (Asked.TryGetValue(text, out var quoted))
        {
            return quoted;
        }

        quoted = AskYamlDotNet(text).StartsWith('"');
        if (Asked.Count < 16_384)
        {
            Asked[text] = quoted;
        }

        return quoted;
    }

    // KubernetesYaml's serializer as it treats a string (its type converters, naming and model overrides apply to
    // objects only), built without them: KubernetesYaml's own first use reflects over every model type, ~1 s of a render.
    private static readonly Lazy<IValueSerializer> StringSerializer = new(() => new SerializerBuilder()
        .DisableAliases()
        .WithEventEmitter(e => new k8s.StringQuotingEmitter(e))
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .BuildValueSerializer());

    private static readonly Lock StringSerializerLock = new();

    private static string AskYamlDotNet(string text)
    {
        var output = new StringBuilder();
        using var writer = new StringWriter(output, CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        lock (StringSerializerLock)
        {
            StringSerializer.Value.SerializeValue(emitter, text, typeof(string));
        }

        return output.ToString();
    }
}
