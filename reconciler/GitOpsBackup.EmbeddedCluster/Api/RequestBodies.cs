using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Json;
using GitOpsBackup.EmbeddedCluster.Resources;
using GitOpsBackup.EmbeddedCluster.Semantics;
using Microsoft.AspNetCore.Http;
using YamlDotNet.Core;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>Request bodies: objects (JSON, YAML, protobuf Namespaces, Jobs and CronJobs), patches, and field validation.</summary>
internal static class RequestBodies
{
    private const int MaxBody = 3 * 1024 * 1024;

    public static Func<JsonObject, JsonNode?> PatchFunction(HttpContext context, ResourceType type, string contentType, string body)
    {
        var media = contentType.Split(';')[0].Trim();
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"error decoding patch: {ex.Message}");
        }

        if (media is "application/merge-patch+json" or "application/strategic-merge-patch+json" && patch is JsonObject partial)
        {
            Checked(context, type, partial);
        }

        return media switch
        {
            "application/merge-patch+json" => live => MergePatch.Apply(live, patch),
            "application/strategic-merge-patch+json" => live => StrategicMergePatch.Apply(live, patch),
            "application/json-patch+json" when patch is JsonArray ops => live => JsonPatch.Apply(live, ops),
            "application/json-patch+json" => throw ApiException.BadRequest("a json patch must be an array of operations"),
            _ => throw ApiException.UnsupportedMediaType(contentType),
        };
    }

    /// <summary>
    /// fieldValidation: Strict refuses unknown fields (400), Warn (the default) answers with Warning
    /// headers, Ignore ignores them. Only the shapes in <see cref="KnownFields"/> are checked.
    /// </summary>
    public static JsonObject Checked(HttpContext context, ResourceType type, JsonObject body)
    {
        var mode = context.Request.Query["fieldValidation"].ToString() is { Length: > 0 } given ? given : "Warn";
        var unknown = KnownFields.Unknown(type, body);
        if (unknown.Count == 0 || mode == "Ignore")
        {
            return body;
        }

        if (mode == "Strict")
        {
            throw ApiException.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
        }

        foreach (var field in unknown)
        {
            context.Response.Headers.Append("Warning", $"299 - \"unknown field \\\"{field}\\\"\"");
        }

        return body;
    }

    public static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType?.Contains("protobuf", StringComparison.Ordinal) == true)
        {
            // kubectl's typed clients do not fall back to JSON: they get a clear 415 (see ProtobufBody).
            throw ApiException.UnsupportedMediaType(request.ContentType);
        }

        if (request.ContentLength > MaxBody)
        {
            throw new ApiException(413, "RequestEntityTooLarge", "the request body is too large");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken ct) =>
        await ReadOptionalObjectAsync(request, ct) ?? throw ApiException.BadRequest("the request body must be an object");

    public static async Task<JsonObject?> ReadOptionalObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType?.Contains("protobuf", StringComparison.Ordinal) == true)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            return ProtobufBody.TryDecode(buffer.ToArray()) ?? throw ApiException.UnsupportedMediaType(request.ContentType);
        }

        var body = await ReadBodyAsync(request, ct);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return YamlJson.Parse(body) as JsonObject ?? throw ApiException.BadRequest("the request body must be an object");
        }
        catch (Exception ex) when (ex is JsonException or YamlException)
        {
            throw ApiException.BadRequest($"error decoding the request body: {ex.Message}");
        }
    }
}
