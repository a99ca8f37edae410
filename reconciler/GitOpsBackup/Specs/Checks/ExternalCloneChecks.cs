namespace GitOpsBackup.Specs.Checks;

/// <summary>The rules of the repository-wide ExternalClone its schema cannot state: which blocks each mode needs.</summary>
internal static class ExternalCloneChecks
{
    public static void Check(DocumentView doc)
    {
        CommonChecks.Metadata(doc);
        switch (doc.String("/spec/mode"))
        {
            case "device" when !doc.Has("/spec/device"):
                doc.Error("/spec/mode", "clone-mode", "mode: device needs spec.device.path", "add device: {path: /dev/disk/by-uuid/…}");
                break;
            case "volume" when !doc.Has("/spec/volume"):
                doc.Error("/spec/mode", "clone-mode", "mode: volume needs spec.volume.claimName", "add volume: {claimName: external-disk}");
                break;
        }

        if (doc.String("/spec/mode") == "volume" && doc.Has("/spec/disk/filesystemUuid"))
        {
            // An unprivileged pod cannot read the device to probe its UUID; the marker is the check there.
            doc.Error("/spec/disk/filesystemUuid", "clone-disk", "spec.disk.filesystemUuid is checked in device mode only", "remove it; in volume mode the marker file (disk.id) identifies the disk");
        }
    }
}
