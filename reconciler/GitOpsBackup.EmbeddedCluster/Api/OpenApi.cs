using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// Just enough OpenAPI v3 for kubectl: per group-version documents whose operations carry
/// x-kubernetes-group-version-kind and the query parameters (fieldValidation, dryRun,
/// fieldManager, force), so kubectl finds server-side field validation and skips client-side
/// schema validation. No schemas: <c>kubectl explain</c> does not work.
/// </summary>
internal static class OpenApi
{
    public static JsonObject? For(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["openapi", "v3"] => Root(),
            ["openapi", "v3", "api", "v1"] => Document("", "v1"),
            ["openapi", "v3", "apis", var g, "v1"] when ResourceCatalog.Groups.Contains(g) => Document(g, "v1"),
            _ => null,
        };
    }

    private static JsonObject Root()
    {
        var paths = new JsonObject { ["api/v1"] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/api/v1" } };
        foreach (var group in ResourceCatalog.Groups)
        {
            paths[$"apis/{group}/v1"] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/apis/{group}/v1" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private static JsonObject Document(string group, string version)
    {
        var paths = new JsonObject();
        foreach (var type in ResourceCatalog.InGroupVersion(group, version))
        {
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var collection = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}" : $"{prefix}/{type.Plural}";
            paths[collection] = new JsonObject
            {
                ["get"] = Operation(type, "list"),
                ["post"] = Operation(type, "post"),
                ["delete"] = Operation(type, "deletecollection"),
            };
            paths[$"{collection}/{{name}}"] = new JsonObject
            {
                ["get"] = Operation(type, "get"),
                ["put"] = Operation(type, "put"),
                ["patch"] = Operation(type, "patch"),
                ["delete"] = Operation(type, "delete"),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes (GitOpsBackup embedded, simulated)", ["version"] = Discovery.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject Operation(ResourceType type, string action)
    {
        var parameters = new JsonArray();
        foreach (var name in new[] { "dryRun", "fieldManager", "fieldValidation", "force", "labelSelector", "fieldSelector", "watch", "resourceVersion" })
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        return new JsonObject
        {
            ["operationId"] = $"{action}{type.Kind}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
        };
    }
}
