using GitOpsBackup.Specs.Loading;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Diffing;

/// <summary>Small phrases the findings share, so every format says a thing the same way.</summary>
internal static class Wording
{
    public static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>"data", "data and media", "data, media and logs".</summary>
    public static string List(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>"PVC data" or "PVCs data and media".</summary>
    public static string Claims(IReadOnlyList<string> claims) => (claims.Count == 1 ? "PVC " : "PVCs ") + List(claims);

    /// <summary>"bucket photos" or "buckets photos and music".</summary>
    public static string Buckets(IReadOnlyList<string> buckets) => (buckets.Count == 1 ? "bucket " : "buckets ") + List(buckets);

    /// <summary>The folder an app's manifests live in, as written in messages: "apps/nextcloud/".</summary>
    public static string Folder(HomelabBackup app)
    {
        var folder = RepoPaths.Folder(app.Location.File);
        return folder.Length == 0 ? "the repository root" : folder + "/";
    }

    public static string Schedule(string written, string concrete, string timeZone) =>
        (written == concrete ? concrete : $"{written} (= {concrete})") + $" ({timeZone})";

    public static string Retention(RetentionPolicy r) =>
        $"daily {r.Daily}, weekly {r.Weekly}, monthly {r.Monthly}, yearly {r.Yearly}";

    public static string Resources(ComputeResources r)
    {
        static string Part(string? cpu, string? memory)
        {
            var parts = new List<string>();
            if (cpu is not null)
            {
                parts.Add($"cpu {cpu}");
            }

            if (memory is not null)
            {
                parts.Add($"memory {memory}");
            }

            return parts.Count == 0 ? "none" : string.Join(" ", parts);
        }

        return $"requests {Part(r.RequestsCpu, r.RequestsMemory)}, limits {Part(r.LimitsCpu, r.LimitsMemory)}";
    }

    public static string Identity(PodSecurity? security)
    {
        if (security is null)
        {
            return "restricted defaults";
        }

        if (security.ReadAllFiles)
        {
            return "root with CAP_DAC_READ_SEARCH (readAllFiles)";
        }

        var parts = new List<string>();
        if (security.RunAsUser is { } uid)
        {
            parts.Add($"uid {uid}");
        }

        if (security.RunAsGroup is { } gid)
        {
            parts.Add($"gid {gid}");
        }

        if (security.FsGroup is { } fs)
        {
            parts.Add($"fsGroup {fs}");
        }

        return parts.Count == 0 ? "restricted defaults" : string.Join(", ", parts);
    }
}
