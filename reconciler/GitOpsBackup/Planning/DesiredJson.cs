using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using GitOpsBackup.Cluster;
using GitOpsBackup.Rendering;
using k8s;

namespace GitOpsBackup.Planning;

/// <summary>
/// Each desired object as the JSON that server-side apply sends, made once per object. A long-lived
/// pass keeps one: an unchanged revision (and, through the render cache, an unchanged app in a new
/// revision) reuses the JSON instead of serialising every object on every pass. Keyed by the rendered
/// object's reference, so a re-rendered object gets fresh JSON and a dropped one is collected.
/// </summary>
internal sealed class DesiredJson
{
    private readonly ConditionalWeakTable<object, JsonObject> _made = [];

    /// <summary>Objects serialised since this cache was made (a no-op pass adds none).</summary>
    public int Serialised { get; private set; }

    /// <summary>The JSON of <paramref name="wanted"/>; callers only read it.</summary>
    public JsonObject Of(DesiredObject wanted)
    {
        if (_made.TryGetValue(wanted.Resource, out var json))
        {
            // The render cache moves only the revision annotation of an object it reuses; follow it.
            var revision = wanted.Resource.Metadata.Annotations?.TryGetValue(Ownership.RevisionAnnotation, out var r) == true ? r : null;
            if (revision is not null && json["metadata"]?["annotations"] is JsonObject annotations && (string?)annotations[Ownership.RevisionAnnotation] != revision)
            {
                annotations[Ownership.RevisionAnnotation] = revision;
            }

            return json;
        }

        json = Make(wanted);
        _made.AddOrUpdate(wanted.Resource, json);
        Serialised++;
        return json;
    }

    // Compacted: kept for as long as the object is desired, so it must not pin its JSON text nor copy the backup script.
    public static JsonObject Make(DesiredObject wanted) =>
        JsonNode.Parse(KubernetesJson.Serialize(wanted.Resource)) is JsonObject json ? JsonCompactor.Shared.Compact(json, dropManagedFields: false) : [];
}
