namespace GitOpsBackup.EmbeddedCluster.Protobuf;

/// <summary>How a protobuf field of a Kubernetes type becomes JSON.</summary>
internal enum ProtoKind
{
    /// <summary>A length-delimited UTF-8 string.</summary>
    String,

    /// <summary>A varint (int32 or int64; negative values are 10-byte two's complement).</summary>
    Int,

    /// <summary>A varint 0 or 1.</summary>
    Bool,

    /// <summary>A nested message described by <see cref="ProtoField.Message"/>.</summary>
    Message,

    /// <summary>A map: repeated entries {1: key, 2: value}; the value is a string or a Quantity.</summary>
    Map,

    /// <summary>meta/v1 Time {1: seconds, 2: nanos}, written as RFC 3339 in UTC.</summary>
    Time,

    /// <summary>resource.Quantity {1: string}, written as its string.</summary>
    Quantity,
}
