using System.Diagnostics;
using System.Globalization;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Bench;

/// <summary>
/// apply-N: N generated apps against the embedded cluster. Prints the requests by verb and the time
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
        var desired = new DesiredState(Enumerable.Range(0, apps).Select(i => App(i, "30 2 * * *")).ToList());
        Console.WriteLine($"apply-{apps}: {apps} apps (one CronJob each) against the embedded cluster (simulated), {Environment.ProcessorCount} cores");
        await PassAsync("cold", sync, desired, cluster);
        await PassAsync("no-op", sync, desired, cluster);
        var drifted = Math.Max(1, apps / 100);
        var changed = desired with { Objects = desired.Objects.Select((o, i) => i < drifted ? App(i, "0 4 * * *") : o).ToList() };
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

    private static DesiredObject App(int i, string schedule)
    {
        var ns = $"app-{i}";
        var name = $"app-{i}";
        var job = new V1CronJob
        {
            ApiVersion = "batch/v1",
            Kind = "CronJob",
            Metadata = new V1ObjectMeta
            {
                Name = $"backup-{name}",
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string> { [Ownership.ManagedByLabel] = Ownership.ManagedByValue, [Ownership.AppLabel] = name },
                Annotations = new Dictionary<string, string>
                {
                    [Ownership.OwnerAnnotation] = $"HomelabBackup/{ns}/{name}",
                    [Ownership.SourcePathAnnotation] = $"apps/{name}/backup.yaml",
                    [Ownership.RevisionAnnotation] = "0000000",
                    [Ownership.SpecHashAnnotation] = schedule.Replace(" ", "-", StringComparison.Ordinal),
                },
            },
            Spec = new V1CronJobSpec
            {
                Schedule = schedule,
                TimeZone = "UTC",
                ConcurrencyPolicy = "Forbid",
                StartingDeadlineSeconds = 3600,
                SuccessfulJobsHistoryLimit = 3,
                FailedJobsHistoryLimit = 3,
                JobTemplate = new V1JobTemplateSpec
                {
                    Spec = new V1JobSpec
                    {
                        Suspend = true,
                        BackoffLimit = 1,
                        ActiveDeadlineSeconds = 6 * 3600,
                        TtlSecondsAfterFinished = 7 * 86400,
                        Template = new V1PodTemplateSpec
                        {
                            Spec = new V1PodSpec
                            {
                                RestartPolicy = "Never",
                                AutomountServiceAccountToken = false,
                                Containers =
                                [
                                    new V1Container
                                    {
                                        Name = "backup",
                                        Image = "ghcr.io/example/backup@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                                        Command = ["/bin/sh", "-c", "restic backup /data/pvc --tag app=" + name],
                                        Env =
                                        [
                                            new V1EnvVar { Name = "RESTIC_REPOSITORY", Value = $"s3:https://s3.lan/{name}-backup" },
                                            new V1EnvVar { Name = "RESTIC_PASSWORD", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "backup", Key = "restic-password" } } },
                                        ],
                                        VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data/pvc", ReadOnlyProperty = true }],
                                        Resources = new V1ResourceRequirements
                                        {
                                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("128Mi") },
                                            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") },
                                        },
                                    },
                                ],
                                Volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "data", ReadOnlyProperty = true } }],
                            },
                        },
                    },
                },
            },
        };
        return new DesiredObject(new AppKey(ns, name), job);
    }
}
