using System.CommandLine;
using System.Reflection;

namespace GitOpsBackup.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("version", "Print the version");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
            context.Out.WriteLine($"gitops-backup {version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
