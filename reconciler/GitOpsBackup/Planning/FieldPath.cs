using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace GitOpsBackup.Planning;

/// <summary>
/// Where <see cref="SubsetDiff"/> is in an object, kept as a stack of segments and spelled out
/// ("spec.jobTemplate…containers[backup].image", "metadata.labels['app']") only when asked.
/// </summary>
internal sealed class FieldPath
{
    private readonly List<Segment> _segments = [];

    public void Push(string key) => _segments.Add(new Segment(SegmentKind.Field, key, null, 0));

    public void PushMapKey(string key) => _segments.Add(new Segment(SegmentKind.MapKey, key, null, 0));

    public void PushElement(JsonNode? element, int index) => _segments.Add(new Segment(SegmentKind.Element, null, element, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in _segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Field:
                    text.Append(text.Length == 0 ? "" : ".").Append(segment.Key);
                    break;
                case SegmentKind.MapKey:
                    text.Append("['").Append(segment.Key).Append("']");
                    break;
                default:
                    text.Append('[').Append(ElementName(segment.Element, segment.Index)).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    // Elements with a name (containers, volumes, env vars) are shown by name: "env[RESTIC_REPOSITORY]".
    private static string ElementName(JsonNode? element, int index) =>
        element is JsonObject o && o["name"] is JsonValue v && v.TryGetValue(out string? name) ? name : index.ToString(CultureInfo.InvariantCulture);

    private enum SegmentKind
    {
        Field,
        MapKey,
        Element,
    }

    private readonly record struct Segment(SegmentKind Kind, string? Key, JsonNode? Element, int Index);
}
