using System.Diagnostics;
using System.Globalization;
using GitOpsBackup.EmbeddedCluster;

namespace GitOpsBackup.Bench;

/// <summary>
/// run-rss: the resident memory of a real <c>gitops-backup run</c> process at rest with N apps. The
/// embedded cluster runs in this process (so its memory is not counted); <c>run</c> reaches it through
/// a kubeconfig, applies the cold pass, and is then left alone for a while before VmRSS is read.
/// </summary>
internal static class RunRssBench
{
    public static async Task<int> RunAsync(int apps)
    {
        var root = Path.Combine(Path.GetTempPath(), "gob-bench-rss-" + Guid.NewGuid().ToString("N")[..8]);
        var exe = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "GitOpsBackup.Cli", "bin",
            AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "gitops-backup"));
        try
        {
            RunNoopBench.Generate(root, apps);
            await using var cluster = await EmbeddedKubernetes.StartAsync();
            foreach (var ns in Enumerable.Range(0, apps).Select(BenchSpecs.AppName).Append("backup-system"))
            {
                cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
            }

            var kubeconfig = Path.Combine(root, "..", Path.GetFileName(root) + ".kubeconfig");
            cluster.WriteKubeconfig(kubeconfig);
            var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "run", root, "--kubeconfig", kubeconfig, "--listen", "off", "--interval", "10s" })
            {
                start.ArgumentList.Add(arg);
            }

            using var run = Process.Start(start) ?? throw new InvalidOperationException($"{exe} did not start");
            var applied = new TaskCompletionSource();
            run.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("Pass applied", StringComparison.Ordinal) == true)
                {
                    applied.TrySetResult();
                }
            };
            run.ErrorDataReceived += (_, _) => { };
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            await applied.Task.WaitAsync(TimeSpan.FromMinutes(5));
            var coldPass = clock.Elapsed;
            var afterCold = Status(run.Id);

            // At rest: a few no-op passes (every 10 s) and the GC settling.
            await Task.Delay(TimeSpan.FromSeconds(35));
            var rest = Status(run.Id);
            var objects = cluster.State.List("batch/v1", "CronJob").Count;
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run-rss: {apps} apps, `gitops-backup run` as its own process against the embedded cluster (in this process): {objects} CronJobs applied in {coldPass.TotalSeconds:0.0} s"));
            Console.WriteLine($"  after the cold pass  VmRSS {afterCold.Rss}, peak VmHWM {afterCold.Peak}");
            Console.WriteLine($"  at rest (35 s later, ~3 no-op passes)  VmRSS {rest.Rss}, peak VmHWM {rest.Peak}");
            Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (string Rss, string Peak) Status(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            ? string.Create(CultureInfo.InvariantCulture, $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0:0.0} MiB")
            : "?";
        return (Field("VmRSS"), Field("VmHWM"));
    }
}
