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
        Write(emitter, value);

        // No DocumentEnd, as KubernetesYaml.Serialize: the spec hash is taken over exactly that text.
        return text.ToString();
    }

    private static void Write(IEmitter emitter, object value)
    {
        switch (value)
        {
            case string text:
                WriteString(emitter, text);
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
                    Write(emitter, entry.Key);
                    if (entry.Value is null)
                    {
                        emitter.Emit(new Scalar(""));
                    }
                    else
                    {
                        Write(emitter, entry.Value);
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
                        Write(emitter, item);
                    }
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                WriteObject(emitter, value);
                break;
        }
    }

    private static void WriteObject(IEmitter emitter, object value)
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
                WriteString(emitter, member.Name);
                Write(emitter, field);
            }
        }

        emitter.Emit(new MappingEnd());
    }

    private static void WriteString(IEmitter emitter, string text)
    {
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
