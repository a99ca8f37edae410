using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>A failed request, carried up to the handler and written as a Kubernetes <c>Status</c>.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public ApiException()
    {
        Reason = "InternalError";
    }

    public ApiException(string message)
        : base(message)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    public JsonObject ToStatus() => Status.Failure(Code, Reason, Message, Details?.DeepClone().AsObject());

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedPlural} \"{name}\" not found", DetailsFor(type, name));

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedPlural} \"{name}\" already exists", DetailsFor(type, name));

    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedPlural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", DetailsFor(type, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got \"{contentType}\")");

    /// <summary>422, one cause per invalid field, message in the API server's own shape.</summary>
    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<(string Field, string Message)> causes)
    {
        var details = DetailsFor(type, name);
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = c.Message,
            ["field"] = c.Field,
        })]);
        var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        var list = causes.Count > 1 ? $"[{text}]" : text;
        return new ApiException(422, "Invalid", $"{type.QualifiedKind} \"{name}\" is invalid: {list}", details);
    }

    public static JsonObject DetailsFor(ResourceType type, string name) => new()
    {
        ["name"] = name,
        ["group"] = type.Group,
        ["kind"] = type.Plural,
    };
}
