using System.Text.Json.Nodes;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Notifying;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Rendering;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Reconciling;
using GitOpsBackup.Tests.Specs;
using k8s.Models;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Deploy;

/// <summary>
/// The deploy base's ClusterRole and Role against what <c>run --leader-elect</c> really calls during a
/// whole simulated night (CronJobs applied, backups admitted and finished, the clone created, last
/// month's clone deleted, a removed app pruned, the Lease held and released): nothing used that the
/// roles lack, nothing granted that goes unused.
/// Request-log verbs map to RBAC verbs as the API server authorizes them: apply (server-side apply,
/// also its dry-run) is patch, and an apply that creates the object (201) is create as well;
/// get/list/watch/create/update/patch/delete/deletecollection are themselves.
/// </summary>
public sealed class RbacTests : IAsyncLifetime
{
    private const string Identity = "rbac-night";
    private const string LeaseNamespace = "gitops-backup";
    private const double Speed = 40;
    private static readonly DateTimeOffset NightStart = new(2026, 12, 2, 0, 58, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("gob-rbac-").FullName;
    private readonly ScaledTimeProvider _clock = new(NightStart, Speed);
    private readonly ITestOutputHelper _output;
    private EmbeddedKubernetes _cluster = null!;

    public RbacTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions
        {
            Time = _clock,
            Simulate = true,
            Nodes = 3,
            SimulatedJobDuration = TimeSpan.FromMinutes(2),
            SimulationInterval = TimeSpan.FromSeconds(10),
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ARunThroughAWholeNight_UsesExactlyTheRulesTheDeployBaseGrants()
    {
        var manifests = await DeployManifests.BuildAsync();
        var repo = Path.Combine(_dir, "repo");
        var apps = new[] { ("alpha", "0 1 * * *", "node-1"), ("beta", "2 1 * * *", "node-2"), ("gamma", "4 1 * * *", "node-1") };
        // Night notifications on: the reconciler reads their Secret in its own namespace (a refused port: the ping fails, the read is what counts).
        var tree = new InMemoryRepoTree().Defaults().Clone();
        tree.Add("infrastructure/defaults.yaml", SpecTexts.Defaults + """
              notifications:
                night:
                  urlSecret: {name: notify, key: night-url}

            """);
        foreach (var (app, schedule, node) in apps)
        {
            tree.App(app, app, schedule);
            _cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{app}}}"}}""");
            _cluster.State.SeedVolume(app, "data", node);
        }

        foreach (var file in tree.EnumerateFiles())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(repo, file.Path))!);
            await File.WriteAllBytesAsync(Path.Combine(repo, file.Path), file.ReadAllBytes());
        }

        foreach (var ns in new[] { "backup-system", LeaseNamespace })
        {
            _cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }

        _cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"notify","namespace":"{{{LeaseNamespace}}}"},"data":{"night-url":"{{{Convert.ToBase64String("http://127.0.0.1:9/ping"u8)}}}"}}""");

        // Last month's clone, finished long ago: the night deletes it.
        var oldClone = new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject
            {
                ["name"] = "old-clone",
                ["namespace"] = "backup-system",
                ["labels"] = new JsonObject
                {
                    [Ownership.ManagedByLabel] = Ownership.ManagedByValue,
                    [RenderedLabels.Component] = RenderedLabels.CloneComponent,
                    [RenderedLabels.Cycle] = "2026-11-01",
                },
            },
            ["spec"] = JsonNode.Parse("""{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"clone","image":"busybox"}]}}}"""),
        };
        _cluster.State.Seed(oldClone);
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, EmbeddedTarget.Kubeconfig(_cluster.BaseAddress, "rbac-test-token"));

        // The clock stands at 00:58 until the CronJobs exist (however long start-up takes); the run's durations are on it (40x: 1m interval = 1.5 real seconds).
        using var stop = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var run = GitOpsBackup.Cli.Cli.RunAsync(
            ["run", repo, "--kubeconfig", kubeconfig, "--interval", "1m", "--leader-elect", "--identity", Identity, "--lease-namespace", LeaseNamespace,
             "--lease-duration", "10m", "--renew-deadline", "5m", "--retry-period", "1m"],
            stdout, stderr, _clock, stop.Token);
        try
        {
            await EventuallyAsync(() => apps.All(a => _cluster.State.List("batch/v1", "CronJob", a.Item1).Count == 1), run, stderr, "the CronJobs");
            _clock.Start();

            // The night: three backups admitted and finished, then the clone created and finished, the old clone deleted.
            // Told: its notification step (which reads the Secret) has run, not only the step before it.
            await EventuallyAsync(() => CloneOf("2026-12-02") is { } clone && Finished(clone) && clone["metadata"]?["annotations"]?[NotifyState.NightAnnotation] is not null
                && CloneOf("2026-11-01") is null, run, stderr, "the night's clone to finish and be told, and last month's to be deleted");

            // gamma leaves the repo: its CronJob is pruned.
            Directory.Delete(Path.Combine(repo, "apps", "gamma"), recursive: true);
            await EventuallyAsync(() => _cluster.State.List("batch/v1", "CronJob", "gamma").Count == 0, run, stderr, "gamma's CronJob to be pruned");
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        }

        var used = _cluster.Requests.Entries
            .Where(e => e.Resource.Length > 0 && e.UserAgent?.EndsWith($"({Identity})", StringComparison.Ordinal) == true)
            .SelectMany(Uses).Distinct().ToList();
        var clusterRole = manifests.Single<V1ClusterRole>("ClusterRole");
        var role = manifests.Single<V1Role>("Role");
        var clusterGrants = Grants(clusterRole.Rules).ToHashSet();
        var roleGrants = Grants(role.Rules).ToHashSet();
        var roleNamespace = role.Metadata.NamespaceProperty;

        var missing = used.Where(u => !clusterGrants.Contains(u.Rule) && !(u.Namespace == roleNamespace && roleGrants.Contains(u.Rule))).ToList();
        var unusedCluster = clusterGrants.Where(g => !used.Any(u => u.Rule == g)).ToList();
        var unusedRole = roleGrants.Where(g => !used.Any(u => u.Rule == g && u.Namespace == roleNamespace)).ToList();
        _output.WriteLine("used:\n" + string.Join("\n", used.Select(u => u.Rule).Distinct().Order().Select(r => "  " + r)));
        Assert.True(missing.Count + unusedCluster.Count + unusedRole.Count == 0, Report(missing, unusedCluster, unusedRole, roleNamespace));
    }

    private JsonObject? CloneOf(string cycle) =>
        _cluster.State.List("batch/v1", "Job", "backup-system").FirstOrDefault(j => (string?)j["metadata"]?["labels"]?[RenderedLabels.Cycle] == cycle);

    private static bool Finished(JsonObject job) =>
        job["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] is "Complete" or "Failed" && (string?)c?["status"] == "True") == true;

    /// <summary>One request as the RBAC rules it needs ("verb group/resource") and where it was made (null: cluster-wide).</summary>
    private static IEnumerable<(string Rule, string? Namespace)> Uses(RequestLogEntry e)
    {
        var segments = e.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var group = segments[0] == "apis" ? segments[1] : "";
        var resource = e.Subresource is null ? e.Resource : $"{e.Resource}/{e.Subresource}";
        string[] verbs = e.Verb != "apply" ? [e.Verb] : e.StatusCode == 201 ? ["patch", "create"] : ["patch"];
        return verbs.Select(verb => ($"{verb} {group}/{resource}", e.Namespace));
    }

    private static IEnumerable<string> Grants(IEnumerable<V1PolicyRule> rules) =>
        from rule in rules
        from g in rule.ApiGroups
        from r in rule.Resources
        from v in rule.Verbs
        select $"{v} {g}/{r}";

    private static string Report(List<(string Rule, string? Namespace)> missing, List<string> unusedCluster, List<string> unusedRole, string roleNamespace) =>
        string.Join("\n", new[] { "reconciler/deploy RBAC does not match what run used:" }
            .Concat(missing.GroupBy(m => m.Rule).Select(g => "  missing: " + g.Key + (g.Any(m => m.Namespace is null) ? " (cluster-wide)" : " (in " + string.Join(", ", g.Select(m => m.Namespace).Distinct()) + ")")))
            .Concat(unusedCluster.Select(u => "  unused in the ClusterRole: " + u))
            .Concat(unusedRole.Select(u => "  unused in the Role (" + roleNamespace + "): " + u)));

    private async Task EventuallyAsync(Func<bool> done, Task<int> run, StringWriter stderr, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (!done())
        {
            Assert.False(run.IsCompleted, $"run exited ({(run.IsCompletedSuccessfully ? run.Result : -1)}) while waiting for {what}:\n{stderr}");
            Assert.False(timeout.IsCancellationRequested, $"waited 90 s for {what}; simulated time {_clock.GetUtcNow():O}\n{stderr}\n" + string.Join("\n",
                _cluster.State.List("batch/v1", "Job").Select(j => $"Job {j["metadata"]?["namespace"]}/{j["metadata"]?["name"]} suspend={j["spec"]?["suspend"]} {j["status"]?.ToJsonString()}")));
            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }
    }
}
