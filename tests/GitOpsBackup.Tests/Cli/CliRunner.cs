namespace GitOpsBackup.Tests.Cli;

/// <summary>Runs the CLI in-process and returns its exit code and what it printed.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GitOpsBackup.Cli.Cli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
