using System.Globalization;

namespace GitOpsBackup.ExternalDisk;

/// <summary>
/// <c>gitops-backup disk init PATH</c>: marks the disk mounted on PATH as the external-clone disk,
/// once. <see cref="Decide"/> is the rule (pure); <see cref="RunAsync"/> gathers the facts and writes.
/// </summary>
public static class DiskInit
{
    /// <summary>
    /// Refuses a path that is not a mount point or is the root filesystem (a folder left behind by an
    /// unmounted disk, or a bind mount of the node's own disk), a disk already marked with another
    /// id, and a marker written on another filesystem (copied from another disk) unless
    /// <paramref name="force"/>; keeps a marker that is already right, and adds the filesystem's
    /// <paramref name="uuid"/> to one written without it.
    /// </summary>
    public static DiskInitDecision Decide(string path, MountTable mounts, string? existingMarker, string? requestedId, bool force, string generatedId, DateTimeOffset now, string? uuid)
    {
        if (requestedId is not null && !DiskMarker.IsValidId(requestedId))
        {
            return new DiskInitDecision.Refuse($"--id '{requestedId}' is not a disk id: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters");
        }

        if (mounts.At(path) is not { } mount)
        {
            return new DiskInitDecision.Refuse($"{path} is not a mount point: mount the external disk there first (e.g. mount /dev/sdb1 {path}), then mark it");
        }

        if (mounts.Root is { } root && root.Device == mount.Device)
        {
            return new DiskInitDecision.Refuse($"{path} is on the root filesystem (device {mount.Device}, the same as /): that is the machine's own disk, not an external one");
        }

        var existing = existingMarker is null ? null : DiskMarker.Parse(existingMarker);
        if (existingMarker is not null && existing is null && !force)
        {
            return new DiskInitDecision.Refuse($"{path}/{DiskMarker.FileName} exists but names no disk id: look at it, then pass --force to replace it");
        }

        if (existing is not null && (requestedId is null || requestedId == existing.Id) && !force)
        {
            if (existing.FilesystemUuid is { } marked && uuid is not null && !string.Equals(marked, uuid, StringComparison.OrdinalIgnoreCase))
            {
                return new DiskInitDecision.Refuse($"{path}/{DiskMarker.FileName} names disk '{existing.Id}' on filesystem {marked}, but {path} is filesystem {uuid}: a marker copied from another disk (the clone refuses it). Pass --force to mark this disk as '{existing.Id}' with its own UUID");
            }

            // A marker from before the UUID was known (or read): it learns it, keeping its id and date.
            return existing.FilesystemUuid is null && uuid is not null
                ? new DiskInitDecision.Write(existing with { FilesystemUuid = uuid }, mount)
                : new DiskInitDecision.AlreadyMarked(existing);
        }

        if (existing is not null && !force)
        {
            return new DiskInitDecision.Refuse($"{path} is already disk '{existing.Id}' (marked {Stamp(existing.Created)}): pass --force to make it disk '{requestedId}', and change spec.disk.id to match");
        }

        return new DiskInitDecision.Write(new DiskMarker(requestedId ?? existing?.Id ?? generatedId, now, uuid), mount);
    }

    /// <summary>Reads the mount table and the disk, decides, and writes the marker when the decision says so.</summary>
    public static async Task<DiskInitDecision> RunAsync(string path, string? requestedId, bool force, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path))
        {
            return new DiskInitDecision.Refuse($"{path} does not exist or is not a directory");
        }

        var canonical = Canonical(path);
        var mounts = MountTable.Parse(await File.ReadAllTextAsync(MountTable.ProcPath, cancellationToken));
        var markerPath = Path.Join(canonical, DiskMarker.FileName);
        var existing = File.Exists(markerPath) ? await File.ReadAllTextAsync(markerPath, cancellationToken) : null;
        var uuid = mounts.At(canonical) is { } mount ? await FilesystemUuid.ProbeAsync(canonical, mount.Source, cancellationToken) : null;
        var now = time.GetUtcNow();
        var generated = "disk-" + now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var decision = Decide(canonical, mounts, existing, requestedId, force, generated, now, uuid);
        if (decision is DiskInitDecision.Write write)
        {
            // Written beside and renamed: a half-written marker never names a disk.
            var temporary = markerPath + ".new";
            await File.WriteAllTextAsync(temporary, write.Marker.Format(), cancellationToken);
            File.Move(temporary, markerPath, overwrite: existing is not null);
        }

        return decision;
    }

    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    // The mount table lists real paths: resolve every symlink on the way (e.g. /media/usb -> /mnt/usb).
    private static string Canonical(string path)
    {
        var current = "/";
        foreach (var part in Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Join(current, part);
            current = new DirectoryInfo(next).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
        }

        return current;
    }
}
