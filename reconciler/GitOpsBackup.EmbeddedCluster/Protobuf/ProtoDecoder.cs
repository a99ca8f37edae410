using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOpsBackup.EmbeddedCluster.Protobuf;

/// <summary>
/// A protobuf message of a Kubernetes type into the JSON the API server would store: fields the
/// schema lists become their JSON names, the rest are skipped, and zero values of non-pointer
/// fields are dropped (protobuf always sends them; JSON omits them).
/// </summary>
internal static class ProtoDecoder
{
    public static JsonObject Decode(ReadOnlyMemory<byte> bytes, ProtoMessage schema)
    {
        var obj = new JsonObject();
        foreach (var wire in ProtoWire.Read(bytes))
        {
            if (schema.Field(wire.Number) is not { } field || !Fits(wire, field))
            {
                continue;
            }

            if (field.Inline)
            {
                foreach (var (key, value) in Decode(wire.Bytes, field.Message!))
                {
                    obj[key] = value?.DeepClone();
                }

                continue;
            }

            if (field.Kind == ProtoKind.Map)
            {
                var map = obj[field.Json] as JsonObject ?? [];
                var entry = ProtoWire.Read(wire.Bytes);
                var key = entry.Where(e => e.Number == 1).Select(e => Text(e)).FirstOrDefault() ?? "";
                var value = entry.Where(e => e.Number == 2).Select(e => field.MapValue == ProtoKind.Quantity ? Quantity(e) : Text(e)).FirstOrDefault() ?? "";
                map[key] = value;
                obj[field.Json] = map;
                continue;
            }

            var node = Value(wire, field);
            if (field.Repeated)
            {
                var list = obj[field.Json] as JsonArray ?? [];
                list.Add(node);
                obj[field.Json] = list;
            }
            else if (node is not null)
            {
                obj[field.Json] = node;
            }
        }

        return obj;
    }

    /// <summary>The JSON of one occurrence; null when it is a dropped zero value.</summary>
    private static JsonNode? Value(ProtoWireField wire, ProtoField field)
    {
        var keepZero = field.Pointer || field.Repeated;
        switch (field.Kind)
        {
            case ProtoKind.String:
                var text = Text(wire);
                return text.Length > 0 || keepZero ? JsonValue.Create(text) : null;
            case ProtoKind.Int:
                var number = unchecked((long)wire.Value);
                return number != 0 || keepZero ? JsonValue.Create(number) : null;
            case ProtoKind.Bool:
                return wire.Value != 0 || keepZero ? JsonValue.Create(wire.Value != 0) : null;
            case ProtoKind.Quantity:
                return JsonValue.Create(Quantity(wire));
            case ProtoKind.Time:
                var seconds = ProtoWire.Read(wire.Bytes).Where(f => f.Number == 1).Select(f => unchecked((long)f.Value)).FirstOrDefault();
                return seconds == 0 ? null : JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            case ProtoKind.Message:
                var nested = Decode(wire.Bytes, field.Message!);
                return nested.Count > 0 || keepZero ? nested : null;
            default:
                return null;
        }
    }

    /// <summary>Numbers are varints, everything else is length-delimited; a mismatch is skipped, not guessed at.</summary>
    private static bool Fits(ProtoWireField wire, ProtoField field) =>
        field.Kind is ProtoKind.Int or ProtoKind.Bool ? wire.WireType == 0 : wire.WireType == 2;

    private static string Text(ProtoWireField wire) => wire.WireType == 2 ? Encoding.UTF8.GetString(wire.Bytes.Span) : "";

    private static string Quantity(ProtoWireField wire) =>
        wire.WireType == 2 ? ProtoWire.Read(wire.Bytes).Where(f => f.Number == 1).Select(Text).FirstOrDefault() ?? "" : "";
}
