namespace GitOpsBackup.EmbeddedCluster.Protobuf;

/// <summary>
/// One field of a Kubernetes generated.proto message: its number, its JSON name and how to read it.
/// <see cref="Pointer"/> fields (Go pointers) are sent only when set, so a zero value is kept;
/// other fields are always sent, so their zero value means "omitted" and is dropped, as JSON's omitempty does.
/// </summary>
internal sealed record ProtoField(int Number, string Json, ProtoKind Kind)
{
    public bool Repeated { get; init; }

    public bool Pointer { get; init; }

    /// <summary>The message type of a <see cref="ProtoKind.Message"/> field.</summary>
    public ProtoMessage? Message { get; init; }

    /// <summary>A Go embedded struct (VolumeSource in Volume): its fields land in the parent object.</summary>
    public bool Inline { get; init; }

    /// <summary>The value kind of a <see cref="ProtoKind.Map"/> field: String or Quantity.</summary>
    public ProtoKind MapValue { get; init; } = ProtoKind.String;
}
