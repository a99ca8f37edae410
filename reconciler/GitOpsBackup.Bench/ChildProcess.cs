using System.Diagnostics;
using System.Globalization;

namespace GitOpsBackup.Bench;

/// <summary>
/// Runs a program as its own process under GNU time, as a user would run it, and returns its wall
/// time, CPU time (user + sys) and peak resident memory (max RSS) as the kernel counted them.
/// </summary>
internal static class ChildProcess
{
    public sealed record Measured(int Exit, double WallS, double CpuS, double PeakMiB, string Error);

    /// <summary>
    /// The gitops-backup executable: GOB_BENCH_CLI when set (make bench publishes it as the image does, ReadyToRun),
    /// else the one built in the same configuration as this bench.
    /// </summary>
    public static string Cli { get; } = Environment.GetEnvironmentVariable("GOB_BENCH_CLI") is { Length: > 0 } published ? Path.GetFullPath(published) : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "GitOpsBackup.Cli", "bin",
        AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "gitops-backup"));

    /// <summary>Runs <paramref name="exe"/>; stdout goes to <paramref name="stdoutFile"/> (else it is discarded).</summary>
    public static Measured Run(string exe, IEnumerable<string> args, IDictionary<string, string>? env = null, string? stdoutFile = null)
    {
        var timeFile = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "%e %U %S %M", "-o", timeFile, exe }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{exe} did not start");
            using var sink = stdoutFile is null ? Stream.Null : File.Create(stdoutFile);
            var copy = process.StandardOutput.BaseStream.CopyToAsync(sink);
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            copy.GetAwaiter().GetResult();
            var f = File.ReadAllLines(timeFile).Last().Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return new Measured(process.ExitCode, f[0], f[1] + f[2], f[3] / 1024.0, error.GetAwaiter().GetResult());
        }
        finally
        {
            File.Delete(timeFile);
        }
    }
}
