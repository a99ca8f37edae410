namespace GitOpsBackup.EmbeddedCluster.Protobuf;

/// <summary>The protobuf wire format, read only: fields in order, fixed-width ones skipped.</summary>
internal static class ProtoWire
{
    public static List<ProtoWireField> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtoWireField>();
        var span = message.Span;
        var at = 0;
        while (at < span.Length)
        {
            var key = Varint(span, ref at);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    fields.Add(new ProtoWireField(number, wireType, Varint(span, ref at), default));
                    break;
                case 1:
                    at += 8;
                    break;
                case 2:
                    var length = Varint(span, ref at);
                    if (length > (ulong)(span.Length - at))
                    {
                        throw new FormatException("truncated protobuf field");
                    }

                    fields.Add(new ProtoWireField(number, wireType, length, message.Slice(at, (int)length)));
                    at += (int)length;
                    break;
                case 5:
                    at += 4;
                    break;
                default:
                    throw new FormatException("unsupported protobuf wire type");
            }

            if (at > span.Length)
            {
                throw new FormatException("truncated protobuf field");
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
