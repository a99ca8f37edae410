using System.Text;
using System.Text.Json.Nodes;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// The one protobuf body worth reading: kubectl's typed clients send built-in objects as protobuf
/// and never fall back to JSON, so <c>kubectl create namespace X</c> needs this. Only a Namespace's
/// name, generateName, labels and annotations are read; any other kind stays 415.
/// Envelope: "k8s\0" + runtime.Unknown{1: TypeMeta{1: apiVersion, 2: kind}, 2: raw object}.
/// </summary>
internal static class ProtobufBody
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject? TryDecodeNamespace(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return null;
        }

        try
        {
            var unknown = Fields(body.AsMemory(Magic.Length));
            var typeMeta = Fields(unknown.GetValueOrDefault(1)?.FirstOrDefault() ?? default);
            var apiVersion = Text(typeMeta, 1);
            var kind = Text(typeMeta, 2);
            if (apiVersion != "v1" || kind != "Namespace" || unknown.GetValueOrDefault(2)?.FirstOrDefault() is not { } raw)
            {
                return null;
            }

            var meta = Fields(Fields(raw).GetValueOrDefault(1)?.FirstOrDefault() ?? default);
            var metadata = new JsonObject();
            if (Text(meta, 1) is { Length: > 0 } name)
            {
                metadata["name"] = name;
            }

            if (Text(meta, 2) is { Length: > 0 } generateName)
            {
                metadata["generateName"] = generateName;
            }

            foreach (var (field, key) in new[] { (11, "labels"), (12, "annotations") })
            {
                var map = new JsonObject();
                foreach (var entry in meta.GetValueOrDefault(field) ?? [])
                {
                    var kv = Fields(entry);
                    map[Text(kv, 1) ?? ""] = Text(kv, 2) ?? "";
                }

                if (map.Count > 0)
                {
                    metadata[key] = map;
                }
            }

            return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = metadata };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Text(Dictionary<int, List<ReadOnlyMemory<byte>>> fields, int number) =>
        fields.GetValueOrDefault(number)?.FirstOrDefault() is { } bytes ? Encoding.UTF8.GetString(bytes.Span) : null;

    /// <summary>Length-delimited fields by number; varints and fixed-width fields are skipped.</summary>
    private static Dictionary<int, List<ReadOnlyMemory<byte>>> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new Dictionary<int, List<ReadOnlyMemory<byte>>>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var key = Varint(span, ref at);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    Varint(span, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(span, ref at);
                    if (length < 0 || at + length > span.Length)
                    {
                        throw new FormatException("truncated protobuf field");
                    }

                    if (!fields.TryGetValue(number, out var list))
                    {
                        list = [];
                        fields[number] = list;
                    }

                    list.Add(message.Slice(at, length));
                    at += length;
                    break;
                case 5:
                    at += 4;
                    break;
                default:
                    throw new FormatException("unsupported protobuf wire type");
            }
        }

        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= span.Length)
            {
                throw new FormatException("truncated protobuf varint");
            }

            var b = span[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("protobuf varint too long");
    }
}
