namespace GitOpsBackup.EmbeddedCluster.Protobuf;

/// <summary>One field as it is on the wire: a varint value, or the bytes of a length-delimited field.</summary>
internal readonly record struct ProtoWireField(int Number, int WireType, ulong Value, ReadOnlyMemory<byte> Bytes);
