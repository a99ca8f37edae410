using System.CommandLine;
using GitOpsBackup.Cli.Formatting;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup validate [PATH] [--format text|json|github]</c>: 0 valid (warnings allowed), 1 invalid, 2 usage or I/O error.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("PATH") { Description = "Working tree of the config repo", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var format = new Option<string>("--format") { Description = "Output: text, json or github (workflow annotations)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "github");
        var command = new Command("validate", "Check every backup spec in the repo, with file:line:col and a hint for each problem") { path, format };
        command.SetAction(parsed =>
        {
            var root = parsed.GetValue(path) ?? ".";
            if (!Directory.Exists(root))
            {
                context.Error.WriteLine($"error: {root}: no such directory");
                return ExitCodes.UsageOrIo;
            }

            var specs = new SpecLoader().Load(new DirectoryRepoTree(root));
            DiagnosticWriter.Write(context.Out, specs, Enum.Parse<DiagnosticFormat>(parsed.GetValue(format) ?? "text", ignoreCase: true), DisplayRoot(root));
            return specs.HasErrors ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    // GitHub resolves annotation paths from the workspace (the current directory in CI): prefer a relative path.
    private static string DisplayRoot(string root)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(root)).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? root.TrimEnd('/') : relative;
    }
}
