using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Reconciling;
using GitOpsBackup.Tests.Specs;
using k8s;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Cli;

/// <summary>
/// Two <c>gitops-backup run --leader-elect</c> processes against one embedded cluster: one leads and
/// writes, the other stands by; the leader is killed (SIGKILL, no release) and the other takes over
/// after the lease duration. The cluster's request log, told apart by each replica's User-Agent,
/// proves that only the leader of the moment wrote anything but its Lease.
/// </summary>
public sealed class LeaderElectionRunTests : IAsyncLifetime
{
    private const int LeaseSeconds = 4;
    private const int RetrySeconds = 1;
    private const string Schedule = "15 3 * * *";
    private readonly string _dir = Directory.CreateTempSubdirectory("gob-leader-").FullName;
    private readonly ITestOutputHelper _output;
    private EmbeddedKubernetes _cluster = null!;

    public LeaderElectionRunTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedKubernetes.StartAsync();
        foreach (var ns in new[] { "team", "gitops-backup" })
        {
            _cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TwoReplicas_OneLeads_KilledLeaderIsReplacedWithinTheLease_OnlyTheLeaderWrites()
    {
        var repo = Path.Combine(_dir, "repo");
        foreach (var file in new InMemoryRepoTree().Defaults().App("team", "team", Schedule).EnumerateFiles())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(repo, file.Path))!);
            await File.WriteAllBytesAsync(Path.Combine(repo, file.Path), file.ReadAllBytes());
        }

        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, EmbeddedTarget.Kubeconfig(_cluster.BaseAddress, "leader-test-token"));
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var replicas = new Dictionary<string, (Process Process, StringBuilder Output)>();
        void StartReplica(string identity)
        {
            var output = new StringBuilder();
            replicas[identity] = (Start(output, "run", repo, "--kubeconfig", kubeconfig, "--interval", "1s", "--leader-elect", "--identity", identity,
                "--lease-namespace", "gitops-backup", "--lease-duration", $"{LeaseSeconds}s", "--renew-deadline", "3s", "--retry-period", $"{RetrySeconds}s"), output);
        }

        try
        {
            // replica-a leads and applies the app's CronJob; replica-b joins once a is past its start-up (on a busy machine, two
            // cold starts at once can starve a renewal past the short test deadline); a manual edit is reverted by the leader.
            StartReplica("replica-a");
            await Eventually(async () => (await client.BatchV1.ListNamespacedCronJobAsync("team", cancellationToken: timeout.Token)).Items.SingleOrDefault(), timeout.Token);
            StartReplica("replica-b");
            await Eventually(async () => _cluster.Requests.Entries.Any(e => From(e, "replica-b") && e.Resource == "leases") ? "b stands by" : null, timeout.Token);
            await DriftAndWaitForRevertAsync(client, timeout.Token);
            var first = (await LeaseAsync(client, timeout.Token))!.Spec.HolderIdentity;
            Assert.False(replicas[first].Process.HasExited, replicas[first].Output.ToString());

            // Kill the leader outright: no release, the standby must wait the lease out.
            var killedAt = TimeProvider.System.GetTimestamp();
            var killedAtEntry = _cluster.Requests.Entries.Count;
            replicas[first].Process.Kill();
            await replicas[first].Process.WaitForExitAsync(timeout.Token);
            var killed = (await LeaseAsync(client, timeout.Token))!;
            Assert.Equal(first, killed.Spec.HolderIdentity);
            var lastRenewal = killed.Spec.RenewTime!.Value;
            var second = replicas.Keys.Single(k => k != first);
            var taken = await Eventually(async () => await LeaseAsync(client, timeout.Token) is { Spec.HolderIdentity: var h } lease && h == second ? lease : null, timeout.Token);
            var takeoverSeconds = TimeProvider.System.GetElapsedTime(killedAt).TotalSeconds;
            await DriftAndWaitForRevertAsync(client, timeout.Token);

            // Stopped cleanly, the new leader releases the Lease.
            Signal(replicas[second].Process, "TERM");
            await replicas[second].Process.WaitForExitAsync(timeout.Token);
            Assert.True(replicas[second].Process.ExitCode == 0, $"exit {replicas[second].Process.ExitCode}\n{replicas[second].Output}");
            Assert.Equal("", (await LeaseAsync(client, timeout.Token))!.Spec.HolderIdentity);

            // The takeover waited out the lease (not a moment less) and came within one retry period (and a round's latency) of it.
            var gap = (taken.Spec.AcquireTime!.Value - lastRenewal).TotalSeconds;
            _output.WriteLine($"takeover: {gap:0.00}s after the killed leader's last renewal, {takeoverSeconds:0.00}s after the kill (lease {LeaseSeconds}s, retry {RetrySeconds}s)");
            Assert.True(gap >= LeaseSeconds && gap <= LeaseSeconds + RetrySeconds + 1, $"took over {gap:0.00}s after the last renewal\n--- {first}\n{replicas[first].Output}\n--- {second}\n{replicas[second].Output}");
            Assert.Equal(1, taken.Spec.LeaseTransitions);

            // The request log, in order: the holder changes with each successful Lease write; every other write comes from the holder of the moment.
            var entries = _cluster.Requests.Entries;
            string? holder = null;
            var wrong = new List<string>();
            foreach (var (e, i) in entries.Select((e, i) => (e, i)).Where(x => x.e.IsWrite && (From(x.e, first) || From(x.e, second))))
            {
                if (e.Resource == "leases")
                {
                    holder = e.StatusCode is 200 or 201 ? (From(e, first) ? first : second) : holder;
                }
                else if (!From(e, holder ?? "nobody"))
                {
                    wrong.Add($"#{i} {e.UserAgent} {e.Verb} {e.Path} while {holder ?? "nobody"} held the lease");
                }
            }

            Assert.True(wrong.Count == 0, "written while not leading:\n" + string.Join("\n", wrong));
            Assert.Contains(entries, e => From(e, first) && e is { Resource: "cronjobs", Verb: "apply" });
            Assert.Contains(entries, e => From(e, second) && e is { Resource: "cronjobs", Verb: "apply" });
            Assert.Contains(entries.Take(killedAtEntry), e => From(e, second) && e is { Resource: "leases", Verb: "get" });
        }
        finally
        {
            foreach (var (process, _) in replicas.Values)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.Dispose();
            }
        }
    }

    private static bool From(RequestLogEntry entry, string identity) => entry.UserAgent?.EndsWith($"({identity})", StringComparison.Ordinal) == true;

    private static async Task<V1Lease?> LeaseAsync(Kubernetes client, CancellationToken ct)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync("gitops-backup", "gitops-backup", cancellationToken: ct);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Edits the CronJob's schedule behind the reconciler's back and waits until the leader has put it back.</summary>
    private static async Task DriftAndWaitForRevertAsync(Kubernetes client, CancellationToken ct)
    {
        var name = (await client.BatchV1.ListNamespacedCronJobAsync("team", cancellationToken: ct)).Items.Single().Metadata.Name;
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"spec":{"schedule":"0 0 1 1 *"}}""", V1Patch.PatchType.MergePatch), name, "team", fieldManager: "kubectl-edit", cancellationToken: ct);
        await Eventually(async () => (await client.BatchV1.ReadNamespacedCronJobAsync(name, "team", cancellationToken: ct)).Spec.Schedule == Schedule ? "reverted" : null, ct);
    }

    private static Process Start(StringBuilder output, params string[] args)
        => CliProcess.Start(output, args);

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>Polls until <paramref name="probe"/> finds something (the replicas are real processes on the real clock).</summary>
    private static Task<T> Eventually<T>(Func<Task<T?>> probe, CancellationToken ct)
        where T : class => CliProcess.Eventually(probe, ct);
}
