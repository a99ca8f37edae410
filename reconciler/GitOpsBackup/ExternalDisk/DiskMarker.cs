using System.Globalization;
using System.Text;

namespace GitOpsBackup.ExternalDisk;

/// <summary>
/// The file <c>.gitops-backup-disk</c> at the root of an external disk: which disk this is. Written
/// once by <c>gitops-backup disk init</c>; clone.sh copies onto the disk only when its id is the
/// ExternalClone's <c>spec.disk.id</c>. Plain <c>key=value</c> lines, so a POSIX sh reads it with sed.
/// </summary>
public sealed record DiskMarker(string Id, DateTimeOffset Created, string? FilesystemUuid)
{
    public const string FileName = ".gitops-backup-disk";

    /// <summary>The rule of spec.disk.id, read from externalclone.schema.json (stated there only).</summary>
    public static bool IsValidId(string id) => Specs.Schema.SchemaRules.Error(Specs.Schema.SpecKind.ExternalClone, "/spec/disk/id", id) is null;

    public string Format()
    {
        var text = new StringBuilder()
            .Append("# gitops-backup external disk marker (gitops-backup disk init). The external clone copies onto\n")
            .Append("# this disk only when its ExternalClone names this id in spec.disk.id. Do not edit; do not copy.\n")
            .Append(CultureInfo.InvariantCulture, $"id={Id}\n")
            .Append(CultureInfo.InvariantCulture, $"created={Created.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n");
        if (FilesystemUuid is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"filesystemUuid={FilesystemUuid}\n");
        }

        return text.ToString();
    }

    /// <summary>The marker in <paramref name="text"/>, or null when it has no id line.</summary>
    public static DiskMarker? Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (!line.StartsWith('#') && equals > 0)
            {
                values.TryAdd(line[..equals].Trim(), line[(equals + 1)..].TrimEnd('\r'));
            }
        }

        if (!values.TryGetValue("id", out var id))
        {
            return null;
        }

        var created = values.TryGetValue("created", out var c) && DateTimeOffset.TryParse(c, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : DateTimeOffset.UnixEpoch;
        return new DiskMarker(id, created, values.GetValueOrDefault("filesystemUuid"));
    }
}
