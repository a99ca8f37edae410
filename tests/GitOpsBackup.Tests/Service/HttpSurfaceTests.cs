using System.Net;
using System.Security.Cryptography;
using System.Text;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Service;
using GitOpsBackup.Source;

namespace GitOpsBackup.Tests.Service;

/// <summary>The HTTP surface in-process on a free 127.0.0.1 port: probes, /metrics, and the webhook routes' status codes and trigger.</summary>
public sealed class HttpSurfaceTests
{
    private const string Secret = "the-secret";

    private static async Task<(HttpSurface Surface, HttpClient Http)> StartAsync(HttpSurfaceOptions options, PassTrigger trigger, Readiness readiness, ServiceMetrics? metrics = null)
    {
        var surface = new HttpSurface(options, trigger, metrics ?? new ServiceMetrics(), readiness, Serilog.Core.Logger.None);
        await surface.StartAsync(CancellationToken.None);
        return (surface, new HttpClient { BaseAddress = surface.Address, Timeout = TimeSpan.FromSeconds(10) });
    }

    private static HttpSurfaceOptions Options(byte[]? secret = null, int perMinute = 60) =>
        new() { Url = "http://127.0.0.1:0", WebhookSecret = secret, Followed = GitRef.Branch("main"), MaxBodyBytes = 4096, WebhooksPerMinute = perMinute };

    private static HttpRequestMessage GitHubPush(string body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "push");
        if (secret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        }

        return request;
    }

    [Fact]
    public async Task Probes_Healthz200_ReadyzWaitsForAPassThatWentThrough_MetricsInTextFormat()
    {
        var readiness = new Readiness();
        var (surface, http) = await StartAsync(Options(), new PassTrigger(), readiness, MetricsSample.Fed());
        await using (surface)
        using (http)
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
            var notReady = await http.GetAsync("/readyz");
            readiness.OnPass(new PassOutcome { Kind = PassKind.SourceFailed, Errors = ["Unreachable: connection refused"] });
            var stillNot = await http.GetAsync("/readyz");
            readiness.OnPass(new PassOutcome { Kind = PassKind.NoChange });
            readiness.OnPass(new PassOutcome { Kind = PassKind.SourceFailed });
            var ready = await http.GetAsync("/readyz");
            var metrics = await http.GetAsync("/metrics");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("Unreachable: connection refused", await stillNot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // a source failing after a good pass keeps it ready
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.Content.Headers.ContentType!.ToString());
            Assert.Contains("# TYPE gitops_backup_passes_total counter", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            await surface.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Webhooks_WithoutASecretFile_Return404_SayingHowToTurnThemOn()
    {
        var (surface, http) = await StartAsync(Options(), new PassTrigger(), new Readiness());
        await using (surface)
        using (http)
        {
            var response = await http.SendAsync(GitHubPush("""{"ref":"refs/heads/main"}""", Secret));

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("--webhook-secret-file", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Webhook_SignedPush_TriggersAPass_UnsignedAndOversized_DoNot_AndTheRateLimitAnswers429()
    {
        var trigger = new PassTrigger();
        var (surface, http) = await StartAsync(Options(Encoding.UTF8.GetBytes(Secret), perMinute: 3), trigger, new Readiness());
        await using (surface)
        using (http)
        {
            var unsigned = await http.SendAsync(GitHubPush("""{"ref":"refs/heads/main"}""", null));
            var oversized = await http.SendAsync(GitHubPush($$"""{"ref":"refs/heads/main","pad":"{{new string('x', 5000)}}"}""", Secret));
            using (var none = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trigger.WaitAsync(none.Token)); // neither pulled the trigger
            }

            var signed = await http.SendAsync(GitHubPush("""{"ref":"refs/heads/main"}""", Secret));
            await trigger.WaitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            var limited = await http.SendAsync(GitHubPush("""{"ref":"refs/heads/main"}""", Secret));

            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, signed.StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode); // the fourth delivery in a minute, over the limit of 3
        }
    }

    [Fact]
    public async Task NightPage_IsServedAtTheRoot_AndPerNight_FromTheLiveState()
    {
        var pages = new NightPageSource(MetricsSample.Cluster, () => null, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(MetricsSample.Noon));
        var surface = new HttpSurface(Options(), new PassTrigger(), new ServiceMetrics(), new Readiness(), Serilog.Core.Logger.None) { Pages = pages };
        await surface.StartAsync(CancellationToken.None);
        await using (surface)
        using (var http = new HttpClient { BaseAddress = surface.Address, Timeout = TimeSpan.FromSeconds(10) })
        {
            var root = await http.GetAsync("/");
            var night = await http.GetAsync("/nights/2026-12-03");
            var bad = await http.GetAsync("/nights/yesterday");

            Assert.Equal("text/html; charset=utf-8", root.Content.Headers.ContentType!.ToString());
            var html = await root.Content.ReadAsStringAsync();
            Assert.All(["jellyfin", "postgres", "redis", "forgejo", "node-1", "node-2"], name => Assert.Contains(name, html, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, night.StatusCode);
            Assert.Contains("2026-12-03", await night.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        }
    }

    [Fact]
    public async Task Standby_IsReady_AndAnswersAVerifiedPush503_WithoutTriggering()
    {
        var leading = false;
        var trigger = new PassTrigger();
        var readiness = new Readiness(() => leading);
        var (surface, http) = await StartAsync(Options(Encoding.UTF8.GetBytes(Secret)), trigger, readiness);
        await using (surface)
        using (http)
        {
            var ready = await http.GetAsync("/readyz");
            var standby = await http.SendAsync(GitHubPush("""{"ref":"refs/heads/main"}""", Secret));
            var triggeredOnStandby = trigger.WaitAsync(new CancellationTokenSource(TimeSpan.FromMilliseconds(200)).Token);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => triggeredOnStandby);

            leading = true;
            var notYet = await http.GetAsync("/readyz"); // the leader is ready once its own pass went through
            var leader = await http.SendAsync(GitHubPush("""{"ref":"refs/heads/main"}""", Secret));

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, standby.StatusCode);
            Assert.Contains("another replica holds the Lease", await standby.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notYet.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, leader.StatusCode);
            await trigger.WaitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        }
    }
}
