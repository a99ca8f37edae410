using System.Diagnostics;
using System.Text;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>What a finished child process printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs a child process with an EXPLICIT environment: nothing is inherited (this machine sets
/// AWS_CA_BUNDLE and similar, which change what rclone and restic do), only what the test passes
/// plus a plain PATH.
/// </summary>
public static class ProcessRunner
{
    public const string PlainPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>The unprivileged user tests run scripts as, so that file permissions really apply.</summary>
    public const int Nobody = 65534;

    public static bool IsRoot => Environment.UserName == "root";

    public static async Task<ProcessResult> RunAsync(
        string file,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string> env,
        TimeSpan? timeout = null,
        bool asNobody = false)
    {
        var argList = args.ToList();
        if (asNobody && IsRoot)
        {
            // As root, chmod 000 does not stop a read; drop to nobody with no supplementary groups.
            argList = ["--reuid=" + Nobody, "--regid=" + Nobody, "--clear-groups", "--", file, .. argList];
            file = "setpriv";
        }

        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in argList)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = PlainPath;
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', argList)} did not finish in time\n{stdout}\n{stderr}");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
