using System.Globalization;

namespace GitOpsBackup.Specs.Checks;

/// <summary>The rules of the repository-wide ExternalClone beyond its schema.</summary>
internal static class ExternalCloneChecks
{
    public static void Check(DocumentView doc)
    {
        CommonChecks.Metadata(doc);
        if (doc.String("/spec/namespace") is { } ns && Names.LabelError(ns) is { } nsError)
        {
            doc.Error("/spec/namespace", "name", $"spec.namespace {nsError}", "a DNS-1123 label, e.g. 'backup-system'");
        }

        CommonChecks.Subdomain(doc, "/spec/nodeName", "node name");
        switch (doc.String("/spec/mode"))
        {
            case "device" when !doc.Has("/spec/device"):
                doc.Error("/spec/mode", "clone-mode", "mode: device needs spec.device.path", "add device: {path: /dev/disk/by-uuid/…}");
                break;
            case "volume" when !doc.Has("/spec/volume"):
                doc.Error("/spec/mode", "clone-mode", "mode: volume needs spec.volume.claimName", "add volume: {claimName: external-disk}");
                break;
        }

        if (doc.String("/spec/device/path") is { } path && !path.StartsWith('/'))
        {
            doc.Error("/spec/device/path", "clone-device", $"spec.device.path '{path}' is not an absolute path", "e.g. /dev/disk/by-uuid/…");
        }

        CommonChecks.Subdomain(doc, "/spec/volume/claimName", "PVC name");
        if (doc.String("/spec/mode") == "volume" && doc.Has("/spec/disk/filesystemUuid"))
        {
            // An unprivileged pod cannot read the device to probe its UUID; the marker is the check there.
            doc.Error("/spec/disk/filesystemUuid", "clone-disk", "spec.disk.filesystemUuid is checked in device mode only", "remove it; in volume mode the marker file (disk.id) identifies the disk");
        }

        if (doc.String("/spec/targetPath") is { } target && (target.StartsWith('/') || target.Split('/').Contains("..")))
        {
            doc.Error("/spec/targetPath", "clone-path", $"spec.targetPath '{target}' must be a relative folder on the disk without '..'", "e.g. backups");
        }

        for (var i = 0; i < doc.Count("/spec/buckets/extra"); i++)
        {
            CommonChecks.Bucket(doc, "/spec/buckets/extra/" + i.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var time in new[] { "start", "latestStart" })
        {
            if (doc.String("/spec/cycle/" + time) is { } text && !Formats.IsClockTime(text))
            {
                doc.Error("/spec/cycle/" + time, "clock-time", $"spec.cycle.{time} '{text}' is not a time of day HH:mm", "e.g. \"01:00\" (quote it)");
            }
        }

        CommonChecks.TimeZone(doc, "/spec/cycle/timeZone");
    }
}
