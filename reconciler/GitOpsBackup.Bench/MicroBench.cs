using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using k8s;

namespace GitOpsBackup.Bench;

/// <summary>
/// micro: BenchmarkDotNet, in process, short job (3 warm-ups, 3 iterations): render one app, load one
/// spec file (with the repo's defaults), plan one object against its live copy from the embedded cluster.
/// </summary>
[MemoryDiagnoser]
public class MicroBench
{
    private string root = "";
    private SpecSet specs = null!;
    private DesiredState desired = null!;
    private IReadOnlyList<LiveObject> live = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        root = BenchSpecs.TempRoot("micro");
        Directory.CreateDirectory(Path.Combine(root, "infrastructure"));
        File.WriteAllText(Path.Combine(root, "infrastructure", "defaults.yaml"), BenchSpecs.Defaults);
        BenchSpecs.WriteApp(root, BenchSpecs.AppName(0), "H H(1-4) * * *");
        specs = new SpecLoader().Load(new DirectoryRepoTree(root));
        desired = new DesiredState(BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, "bench")).Objects);

        // The live copy as a server returns it (defaults, managedFields, status), so the diff is the real one.
        await using var cluster = await EmbeddedKubernetes.StartAsync();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = cluster.BaseAddress.ToString().TrimEnd('/') });
        BenchSpecs.SeedNamespaces(cluster, 1);
        var sync = new ClusterSync(client, TimeProvider.System);
        await sync.ApplyAsync(await sync.PlanAsync(desired, PlanOptions.Default));
        live = await LiveStateReader.ReadAsync(new KubernetesApi(client, TimeProvider.System), ManagedKind.Default, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(root, recursive: true);

    [Benchmark]
    public object RenderOneApp() => BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, "bench"));

    [Benchmark]
    public object LoadOneFile() => new SpecLoader().Load(new DirectoryRepoTree(root));

    [Benchmark]
    public object PlanOneObject() => Planner.Plan(desired, live);

    public static int Run()
    {
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(NullLogger.Instance)
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<MicroBench>(config);
        MarkdownExporter.Console.ExportToLog(summary, ConsoleLogger.Default);
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var mean = report.ResultStatistics?.Mean / 1e9;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var (target, met) = name == nameof(RenderOneApp) ? ("≤ 0.3 ms per app", mean <= 0.0003) : ((string?)null, (bool?)null);
            BenchTable.Add(new BenchRow($"micro: {name} (BenchmarkDotNet, short job)", 1, mean, null, null,
                string.Create(CultureInfo.InvariantCulture, $"mean per op; allocated {allocated / 1024.0:0.0} KiB per op"), target, met));
        }

        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}
