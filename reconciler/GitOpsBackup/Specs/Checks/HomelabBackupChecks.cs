using System.Globalization;

namespace GitOpsBackup.Specs.Checks;

/// <summary>The rules of one app's spec beyond its schema.</summary>
internal static class HomelabBackupChecks
{
    public static void Check(DocumentView doc)
    {
        CommonChecks.Metadata(doc);
        CommonChecks.Bucket(doc, "/spec/backupBucket");
        CommonChecks.Schedule(doc, "/spec/schedule");
        CommonChecks.TimeZone(doc, "/spec/timeZone");
        CommonChecks.Retention(doc, "/spec/retention");
        CommonChecks.Resources(doc, "/spec/resources");
        CommonChecks.Verify(doc, "/spec/verify");
        CommonChecks.Notifications(doc, "/spec/notifications");

        if (doc.Count("/spec/volumes") == 0 && doc.Count("/spec/dumps") == 0 && doc.Node("/spec") is System.Text.Json.Nodes.JsonObject)
        {
            doc.Error(doc.Has("/spec/volumes") ? "/spec/volumes" : "/spec", "volumes", "spec has no volumes and no dumps: nothing would be backed up",
                "list at least one PVC (external: false) or S3 bucket (external: true) under volumes, or a database under dumps");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < doc.Count("/spec/volumes"); i++)
        {
            var pointer = "/spec/volumes/" + i.ToString(CultureInfo.InvariantCulture);
            if (doc.String(pointer + "/name") is not { } name)
            {
                continue;
            }

            if (!seen.TryAdd(name, i))
            {
                doc.Error(pointer + "/name", "volumes", $"volume '{name}' is listed twice (first as spec.volumes[{seen[name]}])", "remove the duplicate entry");
                continue;
            }

            if (doc.Bool(pointer + "/external") == true)
            {
                CommonChecks.Bucket(doc, pointer + "/name");
            }
            else if (Names.SubdomainError(name) is { } error)
            {
                doc.Error(pointer + "/name", "name", $"spec.volumes[{i}].name: PVC name {error}",
                    "a PVC name is a DNS-1123 subdomain; for an S3 bucket set external: true");
            }
        }

        ExpectFiles(doc);
        DumpChecks.Check(doc);
    }

    // Each entry is <volume>/<path> of one of this app's PVC volumes: the drill restores only those.
    private static void ExpectFiles(DocumentView doc)
    {
        var claims = Enumerable.Range(0, doc.Count("/spec/volumes"))
            .Select(i => "/spec/volumes/" + i.ToString(CultureInfo.InvariantCulture))
            .Where(p => doc.Bool(p + "/external") != true && doc.String(p + "/name") is not null)
            .Select(p => doc.String(p + "/name")!)
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < doc.Count("/spec/verify/expectFiles"); i++)
        {
            var pointer = "/spec/verify/expectFiles/" + i.ToString(CultureInfo.InvariantCulture);
            if (doc.String(pointer) is not { } entry)
            {
                continue;
            }

            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var volume = slash > 0 ? entry[..slash] : entry;
            var path = slash > 0 ? entry[(slash + 1)..] : "";
            if (path.Length == 0 || entry.Any(char.IsWhiteSpace) || path.Split('/').Contains(".."))
            {
                doc.Error(pointer, "verify", $"spec.verify.expectFiles[{i}] '{entry}' is not <volume>/<path>",
                    "e.g. my-nextcloud-pvc/config/config.php: a PVC volume of this spec, then a path inside it, without spaces or '..'");
            }
            else if (!claims.Contains(volume))
            {
                doc.Error(pointer, "verify", $"spec.verify.expectFiles[{i}] '{entry}': '{volume}' is not a PVC volume of this spec",
                    claims.Count == 0 ? "the drill restores PVC volumes only; this spec has none" : $"start the entry with one of: {string.Join(", ", claims.Order(StringComparer.Ordinal))}");
            }
        }
    }
}
