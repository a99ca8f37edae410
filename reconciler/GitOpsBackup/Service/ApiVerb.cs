namespace GitOpsBackup.Service;

/// <summary>A Kubernetes API request → its verb as RBAC and the API server's audit log name it (get, list, watch, create, apply, patch, update, delete). Pure.</summary>
internal static class ApiVerb
{
    public static string Of(HttpMethod method, Uri uri, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        var query = uri.IsAbsoluteUri ? uri.Query : "";
        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        return method.Method switch
        {
            "GET" when query.TrimStart('?').Split('&').Any(p => p is "watch=true" or "watch=1") => "watch",
            "GET" => IsCollection(path) ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" when contentType?.StartsWith("application/apply-patch", StringComparison.OrdinalIgnoreCase) == true => "apply",
            "PATCH" => "patch",
            "DELETE" => IsCollection(path) ? "deletecollection" : "delete",
            var other => other.ToLowerInvariant(),
        };
    }

    /// <summary>/api/v1/[namespaces/NS/]PLURAL or /apis/G/V/[namespaces/NS/]PLURAL, without a name after it.</summary>
    private static bool IsCollection(string path)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var skip = parts.Length > 0 && parts[0] == "api" ? 2 : parts.Length > 0 && parts[0] == "apis" ? 3 : parts.Length;
        var rest = parts.Skip(skip).ToArray();
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            rest = rest[2..];
        }

        return rest.Length == 1;
    }
}
