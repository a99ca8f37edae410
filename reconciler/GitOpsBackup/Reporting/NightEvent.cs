using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitOpsBackup.Reporting;

/// <summary>One thing that happened in the night: admit, start, finish, fail, skip, replace, clone-create, clone-finish, clone-fail (partial, refused or failed).</summary>
internal sealed record NightEvent(DateTimeOffset Time, string Type, string? App, string Namespace, string? Node, string Job)
{
    /// <summary>One JSON object on one line; the time as ISO 8601 with its offset, on the (simulated) clock.</summary>
    public string ToJsonLine() => new JsonObject
    {
        ["time"] = Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
        ["type"] = Type,
        ["app"] = App,
        ["namespace"] = Namespace,
        ["node"] = Node,
        ["job"] = Job,
    }.ToJsonString(Plain);

    // Readable offsets (+01:00, not \u002B01:00): the values are names Kubernetes validated and our own words.
    private static readonly JsonSerializerOptions Plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
