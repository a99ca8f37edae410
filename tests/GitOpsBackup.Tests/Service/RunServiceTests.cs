using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Reconciling;
using GitOpsBackup.Tests.Specs;
using k8s;
using Xunit.Abstractions;

namespace GitOpsBackup.Tests.Service;

/// <summary>
/// <c>run --listen</c> as it runs in a cluster: a real process following a git daemon, a 1 h interval so
/// only webhooks start passes. A signed GitHub push applies the new revision at once (latency printed);
/// an unsigned one gets 401 and starts nothing; the git server going away shows on /metrics while
/// /healthz stays 200 and the cluster stays as it was; its return shows as source_up 1 again.
/// </summary>
public sealed partial class RunServiceTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string Secret = "webhook-secret-of-the-test";
    private readonly GitDaemonFixture _git = new();
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gob-svc-{Guid.NewGuid():N}")).FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private EmbeddedKubernetes _cluster = null!;

    public async Task InitializeAsync()
    {
        await _git.InitializeAsync();
        _cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions());
        foreach (var ns in new[] { "alpha", "beta" })
        {
            _cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _git.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [GeneratedRegex("\"Address\":\"(http://127\\.0\\.0\\.1:[0-9]+/)\"")]
    private static partial Regex ListeningAddress();

    [Fact]
    public async Task Webhook_SignedPushAppliesAtOnce_UnsignedIsRefused_AndASourceOutageShowsOnMetrics_UntilItRecovers()
    {
        var repo = _git.CreateRepo($"svc-{Guid.NewGuid():N}");
        repo.Commit(Files(new InMemoryRepoTree().Defaults().App("alpha", "alpha", "@daily")), "alpha");
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, EmbeddedTarget.Kubeconfig(_cluster.BaseAddress, "svc-test-token"));
        var secretFile = Path.Combine(_dir, "webhook-secret");
        await File.WriteAllTextAsync(secretFile, Secret + "\n");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var log = new StringBuilder();
        using var run = Start(log, "run", "--repo", _git.Url(repo.Name), "--ref", "main", "--interval", "1h", "--kubeconfig", kubeconfig,
            "--cache-dir", Path.Combine(_dir, "cache"), "--listen", "127.0.0.1:0", "--webhook-secret-file", secretFile);
        try
        {
            // Up: the bound address is logged; ready once the first pass applied alpha; the watch's echo of it settles.
            var address = await Eventually(() => Task.FromResult(Text(log) is var t && ListeningAddress().Match(t) is { Success: true } m ? new Uri(m.Groups[1].Value) : null), timeout.Token);
            _http.BaseAddress = address;
            await Eventually(async () => (await _http.GetAsync("/readyz", timeout.Token)).StatusCode == HttpStatusCode.OK ? "ready" : null, timeout.Token);
            Assert.NotNull(await Eventually(() => CronJobAsync(client, "alpha", timeout.Token), timeout.Token));
            await Eventually(async () => await MetricAsync("gitops_backup_passes_total{outcome=\"no_change\"}", timeout.Token) >= 1 ? "settled" : null, timeout.Token);
            var passesBefore = await PassesAsync(timeout.Token);

            // A push adds beta. An unsigned and a wrongly signed delivery: 401, and no pass follows.
            repo.Commit(Files(new InMemoryRepoTree().Defaults().App("alpha", "alpha", "@daily").App("beta", "beta", "@daily")), "beta");
            var push = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/main","after":"0000000000000000000000000000000000000000"}""");
            var unsigned = await _http.SendAsync(GitHubPush(push, null), timeout.Token);
            var wrong = await _http.SendAsync(GitHubPush(push, "not-the-secret"), timeout.Token);
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (unsigned.StatusCode, wrong.StatusCode));
            await Task.Delay(TimeSpan.FromSeconds(1.5), timeout.Token); // a triggered pass takes ~0.1 s here: give it ample time to (not) happen
            Assert.Equal(passesBefore, await PassesAsync(timeout.Token));
            Assert.Null(await CronJobAsync(client, "beta", timeout.Token));

            // A correctly signed delivery: 202 and the new revision is applied at once.
            var clock = Stopwatch.StartNew();
            var signed = await _http.SendAsync(GitHubPush(push, Secret), timeout.Token);
            Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
            Assert.NotNull(await Eventually(() => CronJobAsync(client, "beta", timeout.Token), timeout.Token, pollMs: 10));
            output.WriteLine($"webhook sent -> new revision applied in the cluster: {clock.Elapsed.TotalMilliseconds:0} ms (polling interval 1h; 2 cores, shared)");

            // The git server goes away; a push notice starts a pass that cannot fetch: /metrics says so, the rest stands.
            var before = CronJobVersions();
            await _git.StopAsync();
            Assert.Equal(HttpStatusCode.Accepted, (await _http.SendAsync(GitHubPush(push, Secret), timeout.Token)).StatusCode);
            await Eventually(async () => await MetricAsync("gitops_backup_source_up", timeout.Token) == 0 ? "down" : null, timeout.Token);
            Assert.True(await MetricAsync("gitops_backup_source_failures_total{reason=\"unreachable\"}", timeout.Token) >= 1, Text(log));
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/healthz", timeout.Token)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/readyz", timeout.Token)).StatusCode);
            Assert.Equal(before, CronJobVersions());

            // It comes back: the retry after the back-off (seconds, not the 1 h interval) finds it.
            await _git.StartAsync();
            clock.Restart();
            await Eventually(async () => await MetricAsync("gitops_backup_source_up", timeout.Token) == 1 ? "up" : null, timeout.Token);
            output.WriteLine($"git server back -> source_up 1 after {clock.Elapsed.TotalSeconds:0.0} s (the source's back-off)");
            Assert.Equal(before, CronJobVersions());
        }
        finally
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", run.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync(CancellationToken.None);
            await run.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{Text(log)}");
        Assert.DoesNotContain(Secret, Text(log), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Files(InMemoryRepoTree tree) =>
        tree.EnumerateFiles().ToDictionary(f => f.Path, f => (string?)Encoding.UTF8.GetString(f.ReadAllBytes()));

    private static HttpRequestMessage GitHubPush(byte[] body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", "push");
        if (secret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)));
        }

        return request;
    }

    private List<string> CronJobVersions() =>
        [.. _cluster.State.List("batch/v1", "CronJob").Select(c => $"{c["metadata"]?["namespace"]}/{c["metadata"]?["name"]}@{c["metadata"]?["resourceVersion"]}").Order(StringComparer.Ordinal)];

    private static async Task<k8s.Models.V1CronJob?> CronJobAsync(Kubernetes client, string ns, CancellationToken ct) =>
        (await client.BatchV1.ListNamespacedCronJobAsync(ns, cancellationToken: ct)).Items.SingleOrDefault();

    /// <summary>The value of one sample line on /metrics (0 when absent).</summary>
    private async Task<double> MetricAsync(string series, CancellationToken ct)
    {
        var text = await _http.GetStringAsync("/metrics", ct);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private async Task<double> PassesAsync(CancellationToken ct)
    {
        var text = await _http.GetStringAsync("/metrics", ct);
        return text.Split('\n').Where(l => l.StartsWith("gitops_backup_passes_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static Process Start(StringBuilder log, params string[] args)
        => CliProcess.Start(log, args);

    /// <summary>Polls until <paramref name="probe"/> finds something (a real process on the real clock), bounded by <paramref name="ct"/>.</summary>
    private static Task<T> Eventually<T>(Func<Task<T?>> probe, CancellationToken ct, int pollMs = 100)
        where T : class => CliProcess.Eventually(
            async () =>
            {
                try
                {
                    return await probe();
                }
                catch (HttpRequestException)
                {
                    return null; // not listening yet
                }
            },
            ct,
            pollMs);
}
