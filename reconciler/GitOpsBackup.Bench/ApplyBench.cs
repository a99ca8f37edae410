using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Loading;
using GitOpsBackup.Specs.Model;
using k8s;

namespace GitOpsBackup.Bench;

/// <summary>
/// apply-N: N generated apps, rendered by the real renderer, against the embedded cluster. Prints the requests by verb and the time
/// of a cold pass (everything created), a no-op pass (nothing to do), and a pass where 1% drifted.
/// </summary>
internal static class ApplyBench
{
    public static async Task<int> RunAsync(int apps)
    {
        await using var cluster = await EmbeddedKubernetes.StartAsync();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = cluster.BaseAddress.ToString().TrimEnd('/') });
        for (var i = 0; i < apps; i++)
        {
            cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"app-{{{i}}}"}}""");
        }

        var sync = new ClusterSync(client, TimeProvider.System);
        var desired = Render(apps, "H 2 * * *");
        Console.WriteLine($"apply-{apps}: {apps} apps (one CronJob each) against the embedded cluster (simulated), {Environment.ProcessorCount} cores");
        await PassAsync("cold", sync, desired, cluster);
        await PassAsync("no-op", sync, desired, cluster);
        var drifted = Math.Max(1, apps / 100);
        var moved = Render(apps, "H 4 * * *");
        var changed = desired with { Objects = desired.Objects.Select((o, i) => i < drifted ? moved.Objects[i] : o).ToList() };
        await PassAsync($"{drifted} changed", sync, changed, cluster);

        // Where a no-op pass spends its time: the list (server + transfer + parse) or the pure plan.
        var api = new KubernetesApi(client, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var live = await LiveStateReader.ReadAsync(api, ManagedKind.Default, CancellationToken.None);
        var read = clock.Elapsed;
        clock.Restart();
        var plan = Planner.Plan(desired, live);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  split        read live {read.TotalMilliseconds:0} ms ({live.Count} objects), pure plan {clock.Elapsed.TotalMilliseconds:0} ms ({plan.Summary})"));
        return 0;
    }

    private static async Task PassAsync(string name, ClusterSync sync, DesiredState desired, EmbeddedKubernetes cluster)
    {
        cluster.Requests.Reset();
        var allocated = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        var plan = await sync.PlanAsync(desired, PlanOptions.Default);
        var planned = clock.Elapsed;
        var report = await sync.ApplyAsync(plan);
        clock.Stop();
        var byVerb = cluster.Requests.Entries
            .GroupBy(e => e.DryRun ? $"{e.Verb} (dry-run)" : e.Verb)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-12} {clock.Elapsed.TotalSeconds,6:0.00}s (plan {planned.TotalSeconds:0.00}s)  requests {cluster.Requests.Entries.Count}: {string.Join(", ", byVerb)}; writes {cluster.Requests.Writes}; {report.Summary}; allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1048576} MiB, working set {Environment.WorkingSet / 1048576} MiB"));
    }

    // N apps rendered by the real renderer: one PVC and one bucket each, a hashed schedule spread over the night.
    // The specs are read from text as the loader reads them, so the schema's defaults apply.
    private static DesiredState Render(int apps, string schedule)
    {
        const string Digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        var defaults = Read($$$"""
            apiVersion: backup.homelab.dev/v1alpha1
            kind: BackupDefaults
            metadata: {name: defaults}
            spec:
              s3: {endpoint: "https://rgw.lan:443", credentialsSecret: {name: backup-s3}}
              resticPasswordSecret: {name: backup-restic, key: password}
              images: {backup: "ghcr.io/example/backup@sha256:{{{Digest}}}", clone: "ghcr.io/example/clone@sha256:{{{Digest}}}"}
            """).Defaults!;
        var app = Read("""
            apiVersion: backup.homelab.dev/v1alpha1
            kind: HomelabBackup
            metadata: {name: app}
            spec: {backupBucket: app-backup, volumes: [{name: data}]}
            """).App!;
        var specs = new SpecSet
        {
            Apps = Enumerable.Range(0, apps).Select(i => app with
            {
                Name = $"app-{i}",
                Namespace = $"app-{i}",
                BackupBucket = $"app-{i}-backup",
                Schedule = schedule,
                Volumes = [new BackupVolume("data", false), new BackupVolume($"app-{i}-media", true)],
                Location = SourceLocation.OfFile($"apps/app-{i}/backup.yaml"),
            }).ToList(),
            Defaults = defaults,
            Diagnostics = [],
        };
        var rendered = BackupRenderer.Render(new RenderInput(specs, ClusterFacts.Unknown, "bench"));
        if (rendered.HasErrors || rendered.Objects.Count != apps)
        {
            throw new InvalidOperationException($"render failed: {string.Join("; ", rendered.Diagnostics)}");
        }

        return new DesiredState(rendered.Objects);
    }

    private static SpecDocument Read(string yaml)
    {
        var bytes = Encoding.UTF8.GetBytes(yaml);
        var document = FileParser.Parse(new RepoFile("bench.yaml", "bench", bytes.Length, () => bytes), SpecLoaderOptions.Default).Specs.Single();
        return document.HasErrors ? throw new InvalidOperationException(string.Join("; ", document.Diagnostics)) : document;
    }
}
