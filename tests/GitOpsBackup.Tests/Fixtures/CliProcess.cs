using System.Diagnostics;
using System.Text;

namespace GitOpsBackup.Tests.Fixtures;

/// <summary>The built <c>gitops-backup</c> as a real process, as users start it: its output lines collected in a log.</summary>
internal static class CliProcess
{
    /// <summary>Starts it with <paramref name="args"/> and no KUBECONFIG (a test names its cluster itself); <paramref name="home"/> replaces HOME when given.</summary>
    public static Process Start(StringBuilder log, IEnumerable<string> args, string? home = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gitops-backup.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("KUBECONFIG");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (home is not null)
        {
            start.Environment["HOME"] = home;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls until <paramref name="probe"/> finds something (a real process runs on the real clock), bounded by <paramref name="ct"/>.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T?>> probe, CancellationToken ct, int pollMs = 100)
        where T : class
    {
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(pollMs), ct);
        }
    }
}
