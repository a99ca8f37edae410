namespace GitOpsBackup.EmbeddedCluster.Protobuf;

/// <summary>The fields we read of one message type; fields not listed are skipped.</summary>
internal sealed class ProtoMessage(string name, params ProtoField[] fields)
{
    private readonly Dictionary<int, ProtoField> byNumber = fields.ToDictionary(f => f.Number);

    public string Name { get; } = name;

    public ProtoField? Field(int number) => byNumber.GetValueOrDefault(number);
}
