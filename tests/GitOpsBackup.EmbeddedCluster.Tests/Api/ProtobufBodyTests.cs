using System.Text;
using GitOpsBackup.EmbeddedCluster.Api;

namespace GitOpsBackup.EmbeddedCluster.Tests.Api;

public sealed class ProtobufBodyTests
{
    /// <summary>"k8s\0" + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.</summary>
    private static byte[] Envelope(string apiVersion, string kind, byte[] raw)
    {
        var typeMeta = Concat(Field(1, Encoding.UTF8.GetBytes(apiVersion)), Field(2, Encoding.UTF8.GetBytes(kind)));
        return Concat("k8s\0"u8.ToArray(), Field(1, typeMeta), Field(2, raw));
    }

    private static byte[] Field(int number, byte[] bytes) => Concat([(byte)((number << 3) | 2), (byte)bytes.Length], bytes);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>Job{metadata{name}, spec{suspend: true (field 10, varint 1)}}.</summary>
    private static byte[] SuspendedJob(string name) =>
        Concat(Field(1, Field(1, Encoding.UTF8.GetBytes(name))), Field(2, [0x50, 0x01]));

    [Fact]
    public void Job_IsDecoded_WithItsPointerBool()
    {
        var job = ProtobufBody.TryDecode(Envelope("batch/v1", "Job", SuspendedJob("j")))!;

        Assert.Equal("Job", job["kind"]!.ToString());
        Assert.Equal("j", job["metadata"]!["name"]!.ToString());
        Assert.True(job["spec"]!["suspend"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("v1", "Secret")]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("batch/v2", "Job")]
    public void OtherKinds_AreNotDecoded(string apiVersion, string kind) =>
        Assert.Null(ProtobufBody.TryDecode(Envelope(apiVersion, kind, SuspendedJob("j"))));

    [Fact]
    public void TruncatedOrNonProtobufBodies_AreNotDecoded()
    {
        var whole = Envelope("batch/v1", "Job", SuspendedJob("j"));

        Assert.Null(ProtobufBody.TryDecode(whole[..^3]));
        Assert.Null(ProtobufBody.TryDecode("{\"kind\":\"Job\"}"u8.ToArray()));
    }
}
