using System.Globalization;

namespace GitOpsBackup.Bench;

/// <summary>
/// cli: <c>gitops-backup validate</c> and <c>render</c> of generated repos (100, 1,000 and 10,000
/// apps), each run as its own process the way a user runs it: wall, CPU and peak memory.
/// </summary>
internal static class CliBench
{
    public static int Run(IReadOnlyList<int> sizes)
    {
        var renderWall = new Dictionary<int, double>();
        foreach (var apps in sizes)
        {
            var root = BenchSpecs.TempRoot("cli");
            try
            {
                BenchSpecs.GenerateRepo(root, apps);
                var validate = ChildProcess.Run(ChildProcess.Cli, ["validate", root]);
                Check("validate", validate);
                BenchTable.Add(new BenchRow("validate (whole process)", apps, validate.WallS, validate.CpuS, validate.PeakMiB, $"exit {validate.Exit}"));

                var output = Path.Combine(root, "..", Path.GetFileName(root) + ".yaml");
                var render = ChildProcess.Run(ChildProcess.Cli, ["render", root], stdoutFile: output);
                Check("render", render);
                var size = new FileInfo(output).Length;
                File.Delete(output);
                renderWall[apps] = render.WallS;
                var (target, met) = apps == 10_000
                    ? ("< 5 s wall, < 150 MiB peak", render.WallS < 5 && render.PeakMiB < 150)
                    : ((string?)null, (bool?)null);
                BenchTable.Add(new BenchRow("render to stdout (whole process)", apps, render.WallS, render.CpuS, render.PeakMiB,
                    string.Create(CultureInfo.InvariantCulture, $"{size / 1048576.0:0.0} MiB of YAML"), target, met));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        // The cost of one more app: the process start and the repo-wide work cancel out between two sizes.
        if (renderWall.Count >= 2)
        {
            var (small, large) = (renderWall.Keys.Min(), renderWall.Keys.Max());
            var perApp = (renderWall[large] - renderWall[small]) / (large - small);
            BenchTable.Add(new BenchRow($"render, per app (wall {small:N0} → {large:N0})", large, perApp, null, null,
                "marginal wall per app", "≤ 0.3 ms per app", perApp <= 0.0003));
        }

        return 0;
    }

    private static void Check(string verb, ChildProcess.Measured m)
    {
        if (m.Exit != 0)
        {
            throw new InvalidOperationException($"gitops-backup {verb} exited {m.Exit}: {m.Error}");
        }
    }
}
