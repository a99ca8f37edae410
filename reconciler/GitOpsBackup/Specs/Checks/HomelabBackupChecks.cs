using System.Globalization;
using GitOpsBackup.Specs.Schema;

namespace GitOpsBackup.Specs.Checks;

/// <summary>The rules of one app's spec its schema cannot state: across fields and across list entries.</summary>
internal static class HomelabBackupChecks
{
    public static void Check(DocumentView doc)
    {
        CommonChecks.Metadata(doc);
        CommonChecks.Retention(doc, "/spec/retention");
        CommonChecks.Resources(doc, "/spec/resources");

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

            // Which rule a name keeps depends on external: the s3-bucket format's, or the schema's dnsSubdomain.
            var field = SchemaValidator.FieldName(pointer + "/name");
            if (doc.Bool(pointer + "/external") == true)
            {
                var bucket = SchemaFormats.Checkers["s3-bucket"];
                if (bucket.Check(field, name) is { } problem)
                {
                    doc.Error(pointer + "/name", bucket.Code, problem.Message, problem.Fix);
                }
            }
            else if (Names.SubdomainError(name) is { } error)
            {
                doc.Error(pointer + "/name", "name", $"{field}: PVC name {error}",
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
            // The schema states the shape <volume>/<path> (an entry it refused is skipped); here only whether the volume is a PVC of this spec.
            if (doc.String(pointer) is not { } entry || doc.HasErrorAt(pointer))
            {
                continue;
            }

            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var volume = slash > 0 ? entry[..slash] : entry;
            if (!claims.Contains(volume))
            {
                doc.Error(pointer, "verify", $"spec.verify.expectFiles[{i}] '{entry}': '{volume}' is not a PVC volume of this spec",
                    claims.Count == 0 ? "the drill restores PVC volumes only; this spec has none" : $"start the entry with one of: {string.Join(", ", claims.Order(StringComparer.Ordinal))}");
            }
        }
    }
}
