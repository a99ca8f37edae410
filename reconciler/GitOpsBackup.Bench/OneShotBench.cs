using System.Globalization;
using GitOpsBackup.EmbeddedCluster;

namespace GitOpsBackup.Bench;

/// <summary>
/// one-shot: <c>gitops-backup apply</c> (cold, no-op, one spec changed) side by side with the loop a
/// user would otherwise write — <c>gitops-backup render --out DIR</c>, then <c>kubectl apply
/// --server-side -R -f DIR</c> (cold, no-op) — each a process of its own against a fresh embedded
/// cluster, its requests counted by the cluster's request log.
/// </summary>
internal static class OneShotBench
{
    public static async Task<int> RunAsync(int apps)
    {
        var root = BenchSpecs.TempRoot("oneshot");
        try
        {
            BenchSpecs.GenerateRepo(root, apps);

            await using var ours = await EmbeddedKubernetes.StartAsync();
            BenchSpecs.SeedNamespaces(ours, apps);
            var oursConfig = Path.Combine(root, "..", Path.GetFileName(root) + "-ours.kubeconfig");
            ours.WriteKubeconfig(oursConfig);
            string[] apply = ["apply", root, "--kubeconfig", oursConfig];
            var cold = Pass(ours, apply, null);
            var noop = Pass(ours, apply, null);
            var touched = BenchSpecs.BackupFile(root, BenchSpecs.AppName(apps / 2));
            File.WriteAllText(touched, File.ReadAllText(touched).Replace("H H(1-4) * * *", "15 5 * * *", StringComparison.Ordinal));
            var one = Pass(ours, apply, null);
            File.Delete(oursConfig);

            await using var naive = await EmbeddedKubernetes.StartAsync();
            BenchSpecs.SeedNamespaces(naive, apps);
            var naiveConfig = Path.Combine(root, "..", Path.GetFileName(root) + "-naive.kubeconfig");
            naive.WriteKubeconfig(naiveConfig);
            var rendered = Path.Combine(root, "..", Path.GetFileName(root) + "-rendered");
            var render = ChildProcess.Run(ChildProcess.Cli, ["render", root, "--out", rendered]);
            var home = Directory.CreateDirectory(Path.Combine(root, "..", Path.GetFileName(root) + "-home")).FullName;
            var env = new Dictionary<string, string> { ["HOME"] = home, ["KUBECONFIG"] = naiveConfig };
            string[] kubectl = ["apply", "--server-side", "-R", "-f", rendered];
            var naiveCold = Pass(naive, kubectl, env);
            var naiveNoop = Pass(naive, kubectl, env);
            Directory.Delete(rendered, recursive: true);
            Directory.Delete(home, recursive: true);
            File.Delete(naiveConfig);

            var objects = ours.State.List("batch/v1", "CronJob").Count;
            var coldWall = cold.M.WallS;
            BenchTable.Add(Row("apply, cold (one-shot CLI)", apps, cold,
                $"{objects} objects; {(double)cold.Writes / objects:0.00} writes per object", "≤ 1 write per object, < 5 s", cold.Writes <= objects && coldWall < 5));
            BenchTable.Add(Row("apply, no-op (one-shot CLI)", apps, noop, "", "≥ 3× faster than naive no-op", naiveNoop.M.WallS >= 3 * noop.M.WallS));
            BenchTable.Add(Row("apply, one spec changed (one-shot CLI)", apps, one, ""));
            BenchTable.Add(new BenchRow("naive: render --out DIR", apps, render.WallS, render.CpuS, render.PeakMiB, $"exit {render.Exit}"));
            BenchTable.Add(Row("naive: kubectl apply --server-side, cold", apps, naiveCold, ""));
            BenchTable.Add(Row("naive: kubectl apply --server-side, no-op", apps, naiveNoop, ""));
            BenchTable.Add(new BenchRow("ratio naive/ours, no-op", apps, null, null, null,
                Ratios(noop, naiveNoop, render), "≥ 3× (wall)", naiveNoop.M.WallS >= 3 * noop.M.WallS));
            BenchTable.Add(new BenchRow("ratio naive/ours, cold", apps, null, null, null,
                Ratios(cold, naiveCold, render)));
            return new[] { cold, noop, one, naiveCold, naiveNoop }.All(p => p.M.Exit == 0) && render.Exit == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record Figures(ChildProcess.Measured M, int Requests, int Writes, string ByVerb);

    // One process run (ours or kubectl), its requests as the cluster saw them.
    private static Figures Pass(EmbeddedKubernetes cluster, string[] args, Dictionary<string, string>? env)
    {
        cluster.Requests.Reset();
        var m = ChildProcess.Run(env is null ? ChildProcess.Cli : "kubectl", args, env);
        if (m.Exit != 0)
        {
            Console.Error.WriteLine($"one-shot: {(env is null ? "gitops-backup" : "kubectl")} {args[0]} exited {m.Exit}: {m.Error[..Math.Min(m.Error.Length, 2000)]}");
        }

        var entries = cluster.Requests.Entries;
        var byVerb = string.Join(", ", entries
            .GroupBy(e => e.DryRun ? $"{e.Verb} (dry-run)" : e.Verb)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}"));
        return new Figures(m, entries.Count, cluster.Requests.Writes, byVerb);
    }

    private static BenchRow Row(string work, int apps, Figures f, string extra, string? target = null, bool? met = null) =>
        new(work, apps, f.M.WallS, f.M.CpuS, f.M.PeakMiB, $"requests {f.Requests} ({f.ByVerb}); writes {f.Writes}{(extra.Length > 0 ? "; " + extra : "")}{(f.M.Exit != 0 ? $"; EXIT {f.M.Exit}" : "")}", target, met);

    private static string Ratios(Figures ours, Figures naive, ChildProcess.Measured render) => string.Create(CultureInfo.InvariantCulture,
        $"kubectl alone vs ours: wall {naive.M.WallS / ours.M.WallS:0.0}× (with render {(naive.M.WallS + render.WallS) / ours.M.WallS:0.0}×), CPU {naive.M.CpuS / ours.M.CpuS:0.0}× (with render {(naive.M.CpuS + render.CpuS) / ours.M.CpuS:0.0}×), requests {(double)naive.Requests / ours.Requests:0.0}×");
}
