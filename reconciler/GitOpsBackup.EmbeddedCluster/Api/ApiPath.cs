using GitOpsBackup.EmbeddedCluster.Resources;

namespace GitOpsBackup.EmbeddedCluster.Api;

/// <summary>A resource URL taken apart: /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}.</summary>
internal sealed record ApiPath(ResourceType Type, string? Namespace, string? Name, string Subresource)
{
    /// <summary>Null for anything that is not a resource URL (discovery, /version, unknown paths).</summary>
    public static ApiPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group, version;
        string[] rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], segments[2..]);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            return null;
        }

        if (rest.Length >= 3 && rest[0] == "namespaces" && ResourceCatalog.Find(group, version, rest[2]) is { Namespaced: true } namespaced)
        {
            return rest.Length <= 5 ? new ApiPath(namespaced, rest[1], At(rest, 3), At(rest, 4) ?? "") : null;
        }

        var type = ResourceCatalog.Find(group, version, rest[0]);
        if (type is null || rest.Length > 3 || (type.Namespaced && rest.Length > 1))
        {
            return null;
        }

        return new ApiPath(type, null, At(rest, 1), At(rest, 2) ?? "");
    }

    private static string? At(string[] rest, int index) => index < rest.Length ? rest[index] : null;
}
