using System.Text;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Protobuf;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// Protobuf request bodies: kubectl's typed clients (<c>kubectl create namespace</c>,
/// <c>create job [--from=cronjob/…]</c>, <c>create cronjob</c>) send built-in objects as protobuf
/// and never fall back to JSON. A Namespace, a batch/v1 Job and a batch/v1 CronJob are decoded
/// (see <see cref="KubernetesProto"/> for the fields read); any other kind stays 415.
/// Envelope: "k8s\0" + runtime.Unknown{1: TypeMeta{1: apiVersion, 2: kind}, 2: raw object,
/// 3: contentEncoding, 4: contentType}.
/// </summary>
internal static class ProtobufBody
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject? TryDecode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return null;
        }

        try
        {
            var unknown = ProtoWire.Read(body.AsMemory(Magic.Length));
            var typeMeta = ProtoWire.Read(Bytes(unknown, 1) ?? default);
            var apiVersion = Text(Bytes(typeMeta, 1));
            var kind = Text(Bytes(typeMeta, 2));
            var encoding = Text(Bytes(unknown, 3));
            var schema = (apiVersion, kind) switch
            {
                ("v1", "Namespace") => KubernetesProto.Namespace,
                ("batch/v1", "Job") => KubernetesProto.Job,
                ("batch/v1", "CronJob") => KubernetesProto.CronJob,
                _ => null,
            };
            if (schema is null || encoding.Length > 0 || Bytes(unknown, 2) is not { } raw)
            {
                return null;
            }

            var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            foreach (var (key, value) in ProtoDecoder.Decode(raw, schema))
            {
                obj[key] = value?.DeepClone();
            }

            obj["metadata"] ??= new JsonObject();
            return obj;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ReadOnlyMemory<byte>? Bytes(List<ProtoWireField> fields, int number) =>
        fields.Where(f => f.Number == number && f.WireType == 2).Select(f => (ReadOnlyMemory<byte>?)f.Bytes).FirstOrDefault();

    private static string Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : "";
}
