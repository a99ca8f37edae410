using System.CommandLine;
using GitOpsBackup.Cli.Commands;

namespace GitOpsBackup.Cli;

/// <summary>Builds the verbs and runs one. Verbs hold no logic: they parse, call the library, print.</summary>
internal static class Cli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(stdout, stderr, time ?? TimeProvider.System);
        var root = new RootCommand("gitops-backup: a GitOps reconciler for Kubernetes backups (restic, rclone)");
        foreach (var verb in Verbs(context))
        {
            root.Subcommands.Add(verb);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'gitops-backup --help' for usage.");
            return ExitCodes.UsageOrIo;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No stack trace ever reaches the user: say what failed and exit 2.
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.UsageOrIo;
        }
    }

    // One line per verb; each verb lives in Commands/<Verb>Command.cs.
    private static IEnumerable<Command> Verbs(CliContext context)
    {
        yield return VersionCommand.Create(context);
        yield return ValidateCommand.Create(context);
        yield return RenderCommand.Create(context);
        yield return ClusterCommand.Create(context);
        yield return PlanCommand.Create(context);
        yield return DiffCommand.Create(context);
        yield return ApplyCommand.Create(context);
        yield return RunCommand.Create(context);
        yield return StatusCommand.Create(context);
        yield return BackupCommand.Create(context);
        yield return SnapshotsCommand.Create(context);
        yield return RestoreCommand.Create(context);
        yield return DiskCommand.Create(context);
        yield return DemoCommand.Create(context);
    }
}
