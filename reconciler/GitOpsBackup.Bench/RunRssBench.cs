using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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
        var root = BenchSpecs.TempRoot("rss");
        var exe = ChildProcess.Cli;
        try
        {
            BenchSpecs.GenerateRepo(root, apps);
            await using var cluster = await EmbeddedKubernetes.StartAsync();
            BenchSpecs.SeedNamespaces(cluster, apps);

            var kubeconfig = Path.Combine(root, "..", Path.GetFileName(root) + ".kubeconfig");
            cluster.WriteKubeconfig(kubeconfig);
            var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "run", root, "--kubeconfig", kubeconfig, "--listen", "off", "--interval", "10s" })
            {
                start.ArgumentList.Add(arg);
            }

            using var run = Process.Start(start) ?? throw new InvalidOperationException($"{exe} did not start");
            var applied = new TaskCompletionSource();
            var memory = "";
            run.OutputDataReceived += (_, e) =>
            {
                // run logs compact JSON: {"@mt":"Memory after loading …","Heap":55.6,"Resident":180.8,…}
                if (e.Data is { } line && line.Contains("Memory after loading", StringComparison.Ordinal)
                    && Regex.Match(line, @"""Heap"":([0-9.]+).*""Resident"":([0-9.]+)") is { Success: true } m)
                {
                    memory = string.Create(CultureInfo.InvariantCulture,
                        $"right after it, compacted: GC heap {double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture):0} MiB of {double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture):0} MiB resident");
                }

                if (e.Data?.Contains("Pass applied", StringComparison.Ordinal) == true)
                {
                    applied.TrySetResult();
                }
            };
            run.ErrorDataReceived += (_, _) => { };
            run.BeginOutputReadLine();
            run.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            await applied.Task.WaitAsync(TimeSpan.FromMinutes(15)); // a loaded machine takes minutes over a cold pass
            var coldPass = clock.Elapsed;
            var afterCold = Status(run.Id);

            // At rest: a few no-op passes (every 10 s) and the GC settling.
            await Task.Delay(TimeSpan.FromSeconds(35));
            var rest = Status(run.Id);
            var objects = cluster.State.List("batch/v1", "CronJob").Count;
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync();

            BenchTable.Add(new BenchRow("run at rest (own process, 35 s after cold pass)", apps, null, null, rest.Peak, string.Create(CultureInfo.InvariantCulture,
                $"VmRSS at rest {rest.Rss:0} MiB (after the cold pass {afterCold.Rss:0} MiB; {(memory.Length == 0 ? "no memory line logged" : memory)}); {objects} CronJobs applied in {coldPass.TotalSeconds:0.0} s"),
                apps == 1000 ? "< 80 MiB resident at rest" : null, apps == 1000 ? rest.Rss < 80 : null));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>VmRSS and VmHWM (peak) of a process, in MiB.</summary>
    private static (double Rss, double Peak) Status(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        double Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0
            : double.NaN;
        return (Field("VmRSS"), Field("VmHWM"));
    }
}
