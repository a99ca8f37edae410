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

        if (doc.Node("/spec/volumes") is System.Text.Json.Nodes.JsonArray { Count: 0 })
        {
            doc.Error("/spec/volumes", "volumes", "spec.volumes is empty: nothing would be backed up",
                "list at least one PVC (external: false) or S3 bucket (external: true)");
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
    }
}
