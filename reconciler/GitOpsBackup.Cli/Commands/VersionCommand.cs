using System.CommandLine;
using System.Reflection;

namespace GitOpsBackup.Cli.Commands;

internal static class VersionCommand
{
    public static string Version { get; } = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    public static Command Create(CliContext context)
    {
        var command = new Command("version", "Print the version");
        command.SetAction(_ =>
        {
            context.Out.WriteLine($"gitops-backup {Version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
