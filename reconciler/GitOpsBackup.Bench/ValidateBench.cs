using System.Diagnostics;
using System.Globalization;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;

namespace GitOpsBackup.Bench;

/// <summary>
/// validate-10k: writes a repo of 10,000 app folders (backup.yaml, pvc.yaml, kustomization.yaml
/// each) to a temp folder, then prints the time and memory of loading + validating it: cold (a new
/// loader), and again on the same loader (every file cached, the cost of an unchanged poll).
/// </summary>
internal static class ValidateBench
{
    public static int Run(int apps = 10_000)
    {
        var root = Path.Combine(Path.GetTempPath(), "gob-bench-validate-" + Guid.NewGuid().ToString("N"));
        try
        {
            Generate(root, apps);
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

            var loader = new SpecLoader();
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var cold = Stopwatch.StartNew();
            var set = loader.Load(new DirectoryRepoTree(root));
            cold.Stop();
            self.Refresh();
            var cpuCold = self.TotalProcessorTime - cpuBefore;
            var allocatedCold = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            var cpuBeforeWarm = self.TotalProcessorTime;
            var warm = Stopwatch.StartNew();
            var again = loader.Load(new DirectoryRepoTree(root));
            warm.Stop();
            self.Refresh();
            var cpuWarm = self.TotalProcessorTime - cpuBeforeWarm;

            var seconds = (TimeSpan t) => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";
            var gc = GC.GetGCMemoryInfo();
            var mb = (long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture) + " MiB";
            Console.WriteLine($"validate-10k: {apps} apps, {set.Apps.Count} valid, {set.Diagnostics.Count} diagnostics, {loader.FilesParsed} files parsed");
            Console.WriteLine($"  cold load+validate: {seconds(cold.Elapsed)} wall, {seconds(cpuCold)} CPU, allocated {mb(allocatedCold)}");
            Console.WriteLine($"  unchanged re-load:  {seconds(warm.Elapsed)} wall, {seconds(cpuWarm)} CPU ({again.Apps.Count} apps, still {loader.FilesParsed} files parsed)");
            Console.WriteLine($"  peak working set:   {mb(self.PeakWorkingSet64)}; GC heap after: {mb(gc.HeapSizeBytes)}; GC count gen0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            return set.HasErrors ? 1 : 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Generate(string root, int apps)
    {
        Directory.CreateDirectory(Path.Combine(root, "infrastructure"));
        File.WriteAllText(Path.Combine(root, "infrastructure", "defaults.yaml"), BenchSpecs.Defaults);
        for (var i = 0; i < apps; i++)
        {
            BenchSpecs.WriteApp(root, BenchSpecs.AppName(i), "H H(1-4) * * *");
        }
    }
}
