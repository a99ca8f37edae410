using System.Diagnostics;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>Runs the real git CLI with an explicit, minimal environment (no user or system config).</summary>
internal static class GitCli
{
    public static string Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Isolate(start, workingDirectory);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result.Trim();
    }

    /// <summary>Replaces the child's environment with the few variables git needs.</summary>
    public static void Isolate(ProcessStartInfo start, string home)
    {
        start.Environment.Clear();
        start.Environment["PATH"] = ProcessRunner.PlainPath;
        start.Environment["HOME"] = home;
        start.Environment["LANG"] = "C";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_AUTHOR_NAME"] = "test";
        start.Environment["GIT_AUTHOR_EMAIL"] = "test@example.invalid";
        start.Environment["GIT_COMMITTER_NAME"] = "test";
        start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.invalid";
    }
}
