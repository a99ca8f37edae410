using System.Globalization;
using Google.Protobuf;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>
/// Reads an OTLP <c>ExportLogsServiceRequest</c> by field number (opentelemetry-proto, logs/v1 and
/// common/v1), independent of the sender's generated types: resource_logs=1 → resource=1
/// (attributes=1) and scope_logs=2 → log_records=2 → severity_text=3, body=5, attributes=6;
/// KeyValue key=1, value=2; AnyValue string=1, bool=2, int=3, double=4.
/// </summary>
public static class OtlpLogDecoder
{
    public static List<ReceivedLog> Decode(byte[] request)
    {
        var logs = new List<ReceivedLog>();
        foreach (var resourceLogs in Fields(request, 1))
        {
            var resource = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var r in Fields(resourceLogs, 1))
            {
                AddAttributes(Fields(r, 1), resource);
            }

            foreach (var record in Fields(resourceLogs, 2).SelectMany(scope => Fields(scope, 2)))
            {
                var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                AddAttributes(Fields(record, 6), attributes);
                var body = Fields(record, 5).Select(AnyValue).FirstOrDefault() ?? "";
                var severity = Fields(record, 3).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault() ?? "";
                logs.Add(new ReceivedLog(body, severity, attributes, resource));
            }
        }

        return logs;
    }

    private static void AddAttributes(IEnumerable<byte[]> keyValues, Dictionary<string, string> into)
    {
        foreach (var keyValue in keyValues)
        {
            var key = Fields(keyValue, 1).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault() ?? "";
            into[key] = Fields(keyValue, 2).Select(AnyValue).FirstOrDefault() ?? "";
        }
    }

    /// <summary>An AnyValue as text: strings as they are, scalars formatted; arrays and maps as "(complex)".</summary>
    private static string AnyValue(byte[] value)
    {
        var input = new CodedInputStream(value);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: return input.ReadString();
                case 2: return input.ReadBool() ? "true" : "false";
                case 3: return input.ReadInt64().ToString(CultureInfo.InvariantCulture);
                case 4: return input.ReadDouble().ToString(CultureInfo.InvariantCulture);
                default:
                    input.SkipLastField();
                    return "(complex)";
            }
        }

        return "";
    }

    /// <summary>The payloads of every length-delimited field numbered <paramref name="number"/> in <paramref name="message"/>.</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }
}
