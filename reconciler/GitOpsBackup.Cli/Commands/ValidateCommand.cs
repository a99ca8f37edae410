using System.CommandLine;
using GitOpsBackup.Cli.Formatting;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Cli.Commands;

/// <summary><c>gitops-backup validate [PATH | --repo URL [--ref REF] [--path DIR]] [--format text|json|github]</c>: 0 valid (warnings allowed), 1 invalid, 2 usage or I/O error.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var path = SourceOptions.PathArgument();
        var format = new Option<string>("--format") { Description = "Output: text, json or github (workflow annotations)", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "github");
        var command = new Command("validate", "Check every backup spec in the repo, with file:line:col and a hint for each problem") { path, format };
        var source = SourceOptions.AddTo(command, path);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            // PATH (a working tree) or --repo URL --ref REF [--path DIR] (a fetched revision).
            using var resolved = await source.ResolveOrReportAsync(parsed, context, cancellationToken);
            if (resolved is null)
            {
                return ExitCodes.UsageOrIo;
            }

            var specs = new SpecLoader().Load(resolved.Tree!);
            var displayRoot = resolved.LocalRoot is { } root ? DisplayRoot(root) : parsed.GetValue(source.SubPath) ?? ".";
            DiagnosticWriter.Write(context.Out, specs, Enum.Parse<DiagnosticFormat>(parsed.GetValue(format) ?? "text", ignoreCase: true), displayRoot);
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
