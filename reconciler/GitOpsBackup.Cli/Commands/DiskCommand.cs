using System.CommandLine;
using GitOpsBackup.ExternalDisk;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup disk init PATH [--id ID] [--force]</c>: marks the mounted external disk as the clone's disk.</summary>
internal static class DiskCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("disk", "The external-clone disk");
        var path = new Argument<string>("PATH") { Description = "Where the external disk is mounted (a mount point, not on the root filesystem)" };
        var id = new Option<string?>("--id") { Description = "The disk's id, named in the ExternalClone's spec.disk.id (default: the id already there, else a new one)" };
        var force = new Option<bool>("--force") { Description = "Replace a marker that names another disk" };
        var init = new Command("init", $"Write the marker {DiskMarker.FileName} that the external clone requires, once") { path, id, force };
        init.SetAction(async (parsed, ct) =>
        {
            var target = parsed.GetValue(path)!;
            var decision = await DiskInit.RunAsync(target, parsed.GetValue(id), parsed.GetValue(force), context.Time, ct);
            switch (decision)
            {
                case DiskInitDecision.Refuse refuse:
                    await context.Error.WriteLineAsync($"error: {refuse.Reason}");
                    return ExitCodes.UsageOrIo;
                case DiskInitDecision.AlreadyMarked already:
                    await context.Out.WriteLineAsync($"{target} is already disk '{already.Marker.Id}' (marked {DiskInit.Stamp(already.Marker.Created)}); nothing written");
                    await context.Out.WriteAsync(Snippet(already.Marker));
                    return ExitCodes.Ok;
                case DiskInitDecision.Write write:
                    var uuid = write.Marker.FilesystemUuid is { } u ? $"filesystem UUID {u}" : "no filesystem UUID known";
                    await context.Out.WriteLineAsync($"marked {target} as disk '{write.Marker.Id}' ({write.Mount.FsType} on {write.Mount.Source}, {uuid})");
                    await context.Out.WriteAsync(Snippet(write.Marker));
                    return ExitCodes.Ok;
                default:
                    throw new InvalidOperationException(decision.GetType().Name);
            }
        });
        command.Subcommands.Add(init);
        return command;
    }

    private static string Snippet(DiskMarker marker) =>
        "Name it in the ExternalClone spec:\n  disk:\n" + $"    id: {marker.Id}\n"
        + (marker.FilesystemUuid is { } uuid ? $"    filesystemUuid: {uuid}   # device mode only\n" : "");
}
