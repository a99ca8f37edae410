using System.Globalization;
using System.Text.Json;

namespace GitOpsBackup.Restoring;

/// <summary>
/// Reads restic's JSON: the output of <c>restic snapshots --json</c>, of <c>restic stats --json</c>,
/// and the log of the snapshot-listing Job (Scripts/snapshots.sh: a "SNAPSHOTS &lt;json&gt;" line,
/// then "STATS &lt;id&gt; &lt;json&gt;" lines). Pure. Malformed input is a <see cref="FormatException"/>.
/// </summary>
internal static class SnapshotReader
{
    public static IReadOnlyList<ResticSnapshot> Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.Trim().Length == 0 || json.Trim() == "null" ? "[]" : json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("restic snapshots --json: expected a JSON array");
            }

            return doc.RootElement.EnumerateArray().Select(Read).OrderBy(s => s.Time).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"restic snapshots --json: {ex.Message}", ex);
        }
    }

    /// <summary>The snapshot with the restore size and file count of <c>restic stats --json ID</c>.</summary>
    public static ResticSnapshot WithStats(ResticSnapshot snapshot, string statsJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(statsJson);
            var root = doc.RootElement;
            return snapshot with
            {
                Bytes = root.TryGetProperty("total_size", out var size) ? size.GetInt64() : snapshot.Bytes,
                Files = root.TryGetProperty("total_file_count", out var files) ? files.GetInt64() : snapshot.Files,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException($"restic stats --json: {ex.Message}", ex);
        }
    }

    /// <summary>The snapshots in the log of the listing Job, with their sizes.</summary>
    public static IReadOnlyList<ResticSnapshot> ParseLog(string log)
    {
        IReadOnlyList<ResticSnapshot>? snapshots = null;
        var stats = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in log.Split('\n'))
        {
            if (line.StartsWith("SNAPSHOTS ", StringComparison.Ordinal))
            {
                snapshots = Parse(line["SNAPSHOTS ".Length..]);
            }
            else if (line.StartsWith("STATS ", StringComparison.Ordinal) && line.Split(' ', 3) is [_, var id, var json])
            {
                stats[id] = json;
            }
        }

        if (snapshots is null)
        {
            var first = log.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "(empty)";
            throw new FormatException($"the listing Job printed no snapshot list; its log begins: {first}");
        }

        return snapshots.Select(s => stats.TryGetValue(s.Id, out var json) ? WithStats(s, json) : s).ToList();
    }

    private static ResticSnapshot Read(JsonElement s)
    {
        var snapshot = new ResticSnapshot(
            s.GetProperty("id").GetString()!,
            s.TryGetProperty("short_id", out var shortId) ? shortId.GetString()! : s.GetProperty("id").GetString()![..8],
            DateTimeOffset.Parse(s.GetProperty("time").GetString()!, CultureInfo.InvariantCulture),
            s.TryGetProperty("hostname", out var host) ? host.GetString() ?? "" : "",
            s.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array ? tags.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : [],
            s.TryGetProperty("paths", out var paths) && paths.ValueKind == JsonValueKind.Array ? paths.EnumerateArray().Select(p => p.GetString() ?? "").ToList() : []);

        // restic 0.17+ records what the backup processed; older versions need restic stats.
        if (s.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Object)
        {
            snapshot = snapshot with
            {
                Bytes = summary.TryGetProperty("total_bytes_processed", out var bytes) ? bytes.GetInt64() : null,
                Files = summary.TryGetProperty("total_files_processed", out var files) ? files.GetInt64() : null,
            };
        }

        return snapshot;
    }
}
