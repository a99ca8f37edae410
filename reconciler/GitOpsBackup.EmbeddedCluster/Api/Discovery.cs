using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>
/// Legacy (unaggregated) discovery: /api, /apis, /api/v1, /apis/{group}/{version}, /version.
/// kubectl asks for aggregated discovery first and falls back when the answer is plain JSON.
/// </summary>
internal static class Discovery
{
    public const string GitVersion = "v1.32.0-gitops-backup-simulated";

    /// <summary>The document for a discovery path, or null when the path is not one.</summary>
    public static JsonObject? For(string path, string serverAddress)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["version"] => Version(),
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
            },
            ["api", "v1"] => ResourceList("", "v1"),
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray([.. ResourceCatalog.Groups.Select(g => (JsonNode)Group(g))]),
            },
            ["apis", var g] when ResourceCatalog.Groups.Contains(g) => Group(g),
            ["apis", var g, "v1"] when ResourceCatalog.Groups.Contains(g) => ResourceList(g, "v1"),
            _ => null,
        };
    }

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "n/a (GitOpsBackup embedded cluster, .NET)",
        ["compiler"] = "simulated",
        ["platform"] = "linux/amd64",
    };

    private static JsonObject Group(string group)
    {
        var version = new JsonObject { ["groupVersion"] = $"{group}/v1", ["version"] = "v1" };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(version),
            ["preferredVersion"] = version.DeepClone(),
        };
    }

    private static JsonObject ResourceList(string group, string version)
    {
        var resources = new JsonArray();
        foreach (var type in ResourceCatalog.InGroupVersion(group, version))
        {
            var verbs = type == ResourceCatalog.Namespaces
                ? new JsonArray("create", "delete", "get", "list", "patch", "update", "watch")
                : new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = verbs,
            };
            if (type.ShortNames.Count > 0)
            {
                resource["shortNames"] = new JsonArray([.. type.ShortNames.Select(s => (JsonNode)s)]);
            }

            if (type.Categories.Count > 0)
            {
                resource["categories"] = new JsonArray([.. type.Categories.Select(s => (JsonNode)s)]);
            }

            resources.Add(resource);
            if (type == ResourceCatalog.Pods)
            {
                resources.Add(new JsonObject { ["name"] = "pods/log", ["singularName"] = "", ["namespaced"] = true, ["kind"] = "Pod", ["verbs"] = new JsonArray("get") });
            }

            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{type.Plural}/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }

            if (ResourceCatalog.Scalable(type))
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{type.Plural}/scale",
                    ["singularName"] = "",
                    ["namespaced"] = true,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }
}
