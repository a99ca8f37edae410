using System.Globalization;

namespace GitOpsBackup.Bench;

/// <summary>
/// Bench commands that print figures (time, CPU, peak memory, request counts). Not timed tests:
/// run with `make bench` (all), which prints one table and writes it as JSON
/// (GOB_BENCH_JSON, default bench-results.json); report the figures with the machine they came from.
/// </summary>
internal static class Program
{
    private static readonly int[] Sizes = [100, 1000, 10_000];

    public static async Task<int> Main(string[] args)
    {
        var apps = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) ? n : 1000;
        var code = args.FirstOrDefault() switch
        {
            "micro" => MicroBench.Run(),
            "cli" => CliBench.Run(args.Length > 1 ? [apps] : Sizes),
            "one-shot" => await OneShotBench.RunAsync(apps),
            "run-noop" => await RunNoopBench.RunAsync(apps),
            "run-rss" => await RunRssBench.RunAsync(apps),
            "git-poll-10k" => GitPollBench.Run(),
            "night" => await NightBench.RunAsync(args.Length > 1 ? apps : 10_000, TimeSpan.FromMinutes(double.Parse(Environment.GetEnvironmentVariable("GOB_BENCH_NIGHT_MINUTES") ?? "3", CultureInfo.InvariantCulture))),
            "validate-10k" => ValidateBench.Run(),
            "apply-1000" => await ApplyBench.RunAsync(1000),
            "all" => await AllAsync(),
            _ => -1,
        };
        if (code == -1)
        {
            Console.Error.WriteLine("usage: GitOpsBackup.Bench <bench> [apps]  (all | micro | cli | one-shot | run-noop | run-rss | git-poll-10k | night | validate-10k | apply-1000)");
            return 2;
        }

        if (args.Contains("--rows"))
        {
            BenchTable.WriteJson(args[Array.IndexOf(args, "--rows") + 1], Machine());
        }
        else if (args.FirstOrDefault() != "all")
        {
            BenchTable.Print(Console.Out);
        }

        return code;
    }

    private static async Task<int> AllAsync()
    {
        var started = DateTime.UtcNow;
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var codes = new List<int>
        {
            await Guard("micro", () => Task.FromResult(MicroBench.Run())),
            await Guard("cli", () => Task.FromResult(CliBench.Run(Sizes))),
            await Guard("one-shot", () => OneShotBench.RunAsync(1000)),
            await Guard("run pass", () => RunNoopBench.RunAsync(1000)),
            await Guard("run pass", () => RunNoopBench.RunAsync(10_000)),
            await Guard("git poll", () => Task.FromResult(GitPollBench.Run())),
            await Guard("run at rest", () => RunRssBench.RunAsync(1000)),
            await Guard("night", () => Task.FromResult(Night())),
        };

        var machine = $"{Machine()}; load average {load} at start, {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at end";
        var json = Path.GetFullPath(Environment.GetEnvironmentVariable("GOB_BENCH_JSON") ?? "bench-results.json");
        Console.WriteLine();
        Console.WriteLine($"make bench: {machine}; {(DateTime.UtcNow - started).TotalMinutes:0.0} min");
        BenchTable.Print(Console.Out);
        BenchTable.WriteJson(json, machine);
        Console.WriteLine($"figures as JSON: {json}");
        return codes.Max();
    }

    // A bench that throws is a row saying so; the others still run.
    private static async Task<int> Guard(string bench, Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex)
        {
            BenchTable.Add(new BenchRow($"{bench}: FAILED", 0, null, null, null, $"{ex.GetType().Name}: {ex.Message}"));
            return 1;
        }
    }

    // The night runs as a process of its own, so its peak memory is the night's alone.
    private static int Night()
    {
        var rows = Path.GetTempFileName();
        try
        {
            var self = Environment.ProcessPath!;
            string[] args = ["night", "10000", "--rows", rows];
            var m = Path.GetFileNameWithoutExtension(self) == "dotnet"
                ? ChildProcess.Run(self, [typeof(Program).Assembly.Location, .. args])
                : ChildProcess.Run(self, args);
            if (new FileInfo(rows).Length == 0)
            {
                BenchTable.Add(new BenchRow("simulated night: FAILED", 10_000, m.WallS, m.CpuS, m.PeakMiB, $"exit {m.Exit}: {m.Error[^Math.Min(m.Error.Length, 300)..]}"));
            }

            foreach (var row in new FileInfo(rows).Length == 0 ? [] : BenchTable.ReadJson(rows))
            {
                BenchTable.Add(row);
            }

            return m.Exit;
        }
        finally
        {
            File.Delete(rows);
        }
    }

    private static string Machine() => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:0} GiB, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
}
