using System.Text.Json.Nodes;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Planning;

/// <summary>One object as read from the cluster, kept as JSON so server defaults and extra fields survive.</summary>
internal sealed record LiveObject(ObjectRef Ref, JsonObject Json)
{
    public static LiveObject FromJson(JsonObject json)
    {
        var metadata = json["metadata"] as JsonObject;
        var reference = new ObjectRef(
            (string?)json["apiVersion"] ?? "",
            (string?)json["kind"] ?? "",
            (string?)metadata?["namespace"] ?? "",
            (string?)metadata?["name"] ?? "");
        return new LiveObject(reference, json);
    }

    public string? Label(string key) => Metadata(key, "labels");

    public string? Annotation(string key) => Metadata(key, "annotations");

    /// <summary>Carries our label AND our owner annotation: only such objects are ever updated or pruned.</summary>
    public bool IsOwned =>
        Label(Ownership.ManagedByLabel) == Ownership.ManagedByValue && !string.IsNullOrEmpty(Annotation(Ownership.OwnerAnnotation));

    /// <summary>Created by a controller (a Job spawned by our CronJob): the controller owns it, not us.</summary>
    public bool HasControllerOwner =>
        Json["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(o => (bool?)o?["controller"] == true);

    public bool PruneDisabled => Annotation(Ownership.PruneAnnotation) == Ownership.PruneDisabled;

    /// <summary>
    /// The app this object belongs to: the owner annotation ("[Kind/]namespace/name"), else the app label in the
    /// object's namespace. Null for repo-wide objects.
    /// </summary>
    public AppKey? App
    {
        get
        {
            // The renderer writes "HomelabBackup/namespace/name"; the last two parts are the app.
            var parts = Annotation(Ownership.OwnerAnnotation)?.Split('/') ?? [];
            if (parts.Length >= 2 && parts[^2].Length > 0 && parts[^1].Length > 0)
            {
                return new AppKey(parts[^2], parts[^1]);
            }

            var app = Label(Ownership.AppLabel);
            return string.IsNullOrEmpty(app) ? null : new AppKey(Ref.Namespace, app);
        }
    }

    private string? Metadata(string key, string map) => Json["metadata"]?[map]?[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
