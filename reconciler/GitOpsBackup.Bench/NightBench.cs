using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Source;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsBackup.Bench;

/// <summary>
/// night-10k: 10,000 apps on 50 nodes through one simulated night. A fake clock moves in one-minute
/// steps; each step ticks the embedded cluster's simulation (CronJobs fire, Jobs run 20–60 s on
/// their volume's node), then runs one reconcile pass with admission and the night's cycle on, as
/// <c>run</c> does after a change. Checked at every step: no node runs more backups than allowed and
/// there is never more than one clone; at the end: every backup admitted and finished, the clone
/// created exactly once, no Job left waiting. Prints <c>violations: N</c>.
/// </summary>
internal static class NightBench
{
    private const int Nodes = 50;
    private const int MaxPerNode = 2;
    private static readonly DateTimeOffset Evening = new(2026, 12, 2, 23, 58, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Morning = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(int apps, TimeSpan wallCap)
    {
        var root = BenchSpecs.TempRoot("night");
        try
        {
            Generate(root, apps);
            var time = new FakeTimeProvider(Evening);
            var options = new EmbeddedClusterOptions { Time = time, Nodes = Nodes, SimulatedJobDuration = TimeSpan.FromSeconds(20), SimulatedJobDurationMax = TimeSpan.FromSeconds(60) };
            await using var cluster = await EmbeddedKubernetes.StartAsync(options);
            using var client = new Kubernetes(new KubernetesClientConfiguration { Host = cluster.BaseAddress.ToString().TrimEnd('/') });
            BenchSpecs.SeedNamespaces(cluster, apps);
            for (var i = 0; i < apps; i++)
            {
                var app = BenchSpecs.AppName(i);
                var node = $"node-{(i % Nodes) + 1}";
                cluster.State.SeedVolume(app, $"{app}-data", node);
                cluster.State.SeedVolume(app, $"{app}-media", node);
            }

            using var pass = new ReconcilePass(new WorkingTreeSource(new DirectoryRepoTree(root), root), new StoreLiveSource(cluster.State), client,
                new PassOptions { Admit = true }, time);

            // The CronJobs are in place before the night, as after an afternoon of `run`: the cold pass (render and
            // apply 10,000 apps, the run pass bench's figure) is set-up, timed apart from the night.
            var coldAt = Cpu();
            var coldWall = Stopwatch.StartNew();
            var cold = await pass.RunAsync(CancellationToken.None);
            var (coldCpu, coldElapsed) = (Cpu() - coldAt, coldWall.Elapsed);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"night: cold pass before the night {coldElapsed.TotalSeconds:0.0} s wall, {coldCpu.TotalSeconds:0.0} s CPU ({cold.Kind})"));

            var nightCpuAt = Cpu();
            var clock = Stopwatch.StartNew();
            var violations = new List<string>();
            var peakPerNode = 0;
            var steps = 0;
            var (tickTime, passTime) = (TimeSpan.Zero, TimeSpan.Zero);
            var finished = false;
            while (time.GetUtcNow() < Morning && clock.Elapsed < wallCap)
            {
                time.Advance(TimeSpan.FromMinutes(1));
                var stepAt = Cpu();
                cluster.Tick();
                tickTime += Cpu() - stepAt;
                steps++;

                // Pods start only in the simulation's tick, so this is the moment to count them.
                var running = Backups(cluster.State.ListShared("v1", "Pod"))
                    .Where(p => (string?)p["status"]?["phase"] == "Running")
                    .GroupBy(p => (string?)p["spec"]?["nodeName"] ?? "?")
                    .Select(g => (Node: g.Key, Count: g.Count()))
                    .ToList();
                peakPerNode = Math.Max(peakPerNode, running.Select(r => r.Count).DefaultIfEmpty().Max());
                violations.AddRange(running.Where(r => r.Count > MaxPerNode).Select(r => $"{time.GetUtcNow():HH:mm} {r.Node} runs {r.Count} backups"));
                var clones = Clones(cluster.State).Count;
                if (clones > 1)
                {
                    violations.Add($"{time.GetUtcNow():HH:mm} {clones} clone Jobs");
                }

                var passAt = Cpu();
                var outcome = await pass.RunAsync(CancellationToken.None);
                passTime += Cpu() - passAt;
                if (steps % 10 == 0)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"night: {time.GetUtcNow():HH:mm} step {steps}, {clock.Elapsed.TotalSeconds:0} s: CPU in simulation {tickTime.TotalSeconds:0.0} s, in passes {passTime.TotalSeconds:0.0} s ({outcome.Kind}: {outcome.Applied?.Summary}; {outcome.JobWrites.Count} Job writes {string.Join(", ", outcome.JobWrites.Take(2))})"));
                }
                if (outcome.Errors.Count > 0)
                {
                    violations.Add($"{time.GetUtcNow():HH:mm} pass {outcome.Kind}: {outcome.Errors[0]}");
                }

                if (Clones(cluster.State).Any(Finished))
                {
                    finished = true;
                    break;
                }
            }

            var wall = clock.Elapsed;
            var jobs = Backups(cluster.State.ListShared("batch/v1", "Job")).ToList();
            var done = jobs.Count(Finished);
            var waiting = jobs.Count(j => !Finished(j));
            // A create names no object in its path: the clone is the only Job written in the clone's namespace.
            var cloneCreates = cluster.Requests.Entries.Count(e => e is { Verb: "create" or "apply", Resource: "jobs", Namespace: "backup-system", DryRun: false });
            // The end state is judged only for a night that ran to its end; a stopped one says how far it got.
            if (finished && (jobs.Count != apps || done != apps))
            {
                violations.Add($"{jobs.Count} backup Jobs, {done} finished, of {apps} apps");
            }

            if (finished && waiting > 0)
            {
                violations.Add($"{waiting} Jobs left waiting or running");
            }

            if (finished ? Clones(cluster.State).Count != 1 || cloneCreates != 1 : cloneCreates > 1)
            {
                violations.Add($"{Clones(cluster.State).Count} clone Jobs, {cloneCreates} clone create requests (expected 1)");
            }

            foreach (var v in violations.Take(10))
            {
                Console.Error.WriteLine($"night: violation: {v}");
            }

            using var self = Process.GetCurrentProcess();
            BenchTable.Add(new BenchRow($"simulated night ({Nodes} nodes, ≤ {MaxPerNode} per node, 1-min steps)", apps, wall.TotalSeconds, (Cpu() - nightCpuAt).TotalSeconds, self.PeakWorkingSet64 / 1048576.0,
                string.Create(CultureInfo.InvariantCulture,
                    $"CPU in simulation {tickTime.TotalSeconds:0} s, in passes {passTime.TotalSeconds:0} s (cold pass before the night, not counted: {coldElapsed.TotalSeconds:0} s wall, {coldCpu.TotalSeconds:0} s CPU); {(finished ? "clone finished" : "STOPPED before the clone finished")} at {time.GetUtcNow():HH:mm} after {steps} steps; {done}/{apps} backups finished; max running per node {peakPerNode}; clone created {cloneCreates}×; left waiting {waiting}; violations: {violations.Count}"),
                "< 60 s wall, per-node limit held", finished && wall.TotalSeconds < 60 && violations.Count == 0));
            return violations.Count == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // Defaults allowing two backups per node, the clone, and apps firing between 01:00 and 02:59.
    private static void Generate(string root, int apps)
    {
        Directory.CreateDirectory(Path.Combine(root, "infrastructure"));
        File.WriteAllText(Path.Combine(root, "infrastructure", "defaults.yaml"), BenchSpecs.Defaults + $"\n  timeZone: UTC\n  maxBackupsPerNode: {MaxPerNode}\n");
        File.WriteAllText(Path.Combine(root, "infrastructure", "clone.yaml"), BenchSpecs.Clone);
        for (var i = 0; i < apps; i++)
        {
            BenchSpecs.WriteApp(root, BenchSpecs.AppName(i), "H H(1-2) * * *");
        }
    }

    private static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static IEnumerable<JsonObject> Backups(IEnumerable<JsonObject> items) =>
        items.Where(i => (string?)i["metadata"]?["labels"]?["backup.homelab.dev/component"] == "backup");

    private static List<JsonObject> Clones(ClusterState state) =>
        state.ListShared("batch/v1", "Job").Where(j => (string?)j["metadata"]?["labels"]?["backup.homelab.dev/component"] == "external-clone").ToList();

    private static bool Finished(JsonObject job) =>
        (job["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] is "Complete" or "Failed" && (string?)c?["status"] == "True");

    /// <summary>
    /// The pass's live state read from the cluster's store at once: on a fake clock the watch cache
    /// would lag the simulation by a real-time moment. Writes still go through the API. Like the watch
    /// cache, it hands out the stored objects themselves (never changed in place) and the same list for
    /// a kind that did not change since the last read (same count, same newest resourceVersion), so a
    /// pass can keep what it derived from it; copying 80,000 objects on each step would measure the copy.
    /// </summary>
    private sealed class StoreLiveSource(ClusterState state) : ILiveSource
    {
        private readonly Dictionary<string, (int Count, long Newest, IReadOnlyList<JsonObject> Items)> _last = new(StringComparer.Ordinal);

        public Task<LiveSnapshot> ReadAsync(RepoState repo, CancellationToken cancellationToken)
        {
            var cronJobs = Kind("batch/v1", "CronJob", owned: true);
            return Task.FromResult(new LiveSnapshot
            {
                CronJobs = cronJobs,
                Managed = cronJobs,
                Jobs = Kind("batch/v1", "Job", owned: true),
                Pods = Kind("v1", "Pod"),
                Claims = Kind("v1", "PersistentVolumeClaim"),
                Volumes = Kind("v1", "PersistentVolume"),
                Attachments = Kind("storage.k8s.io/v1", "VolumeAttachment"),
                Nodes = Kind("v1", "Node"),
            });
        }

        private IReadOnlyList<JsonObject> Kind(string apiVersion, string kind, bool owned = false)
        {
            var items = state.ListShared(apiVersion, kind);
            var newest = items.Count == 0 ? 0 : items.Max(i => long.Parse((string?)i["metadata"]?["resourceVersion"] ?? "0", CultureInfo.InvariantCulture));
            if (_last.TryGetValue(kind, out var last) && last.Count == items.Count && last.Newest == newest)
            {
                return last.Items;
            }

            IReadOnlyList<JsonObject> kept = owned ? Owned(items) : items;
            _last[kind] = (items.Count, newest, kept);
            return kept;
        }

        private static List<JsonObject> Owned(IReadOnlyList<JsonObject> items) =>
            items.Where(i => (string?)i["metadata"]?["labels"]?[Ownership.ManagedByLabel] == Ownership.ManagedByValue).ToList();
    }
}
