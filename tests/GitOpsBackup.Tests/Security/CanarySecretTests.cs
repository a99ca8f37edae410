using System.Security.Cryptography;
using System.Text;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Service;
using GitOpsBackup.Source;
using GitOpsBackup.Tests.Cli;
using GitOpsBackup.Tests.Cluster.Contract;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Specs;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace GitOpsBackup.Tests.Security;

/// <summary>
/// Canary secrets (a git token, the restic password, the S3 keys, the webhook secret) planted everywhere the
/// program could pick them up: its environment, its flags, its URL, its secret file. (Secrets in the cluster
/// are only ever referenced by name: the reconciler never reads one, and the embedded cluster does not even
/// serve them, so a read would fail these tests too.) Through the error
/// paths (API 401, 403, 422, 500 from the embedded cluster, a git auth failure against a real HTTP git server,
/// forged webhooks) none of them appears in the logs, the output, Events, status, exceptions, metrics or the
/// rendered objects.
/// </summary>
public sealed class CanarySecretTests : IClassFixture<GitHttpFixture>, IAsyncLifetime
{
    private const string GitToken = "canary-git-token-5b1e9d";
    private const string ResticPassword = "canary-restic-password-83c2aa";
    private const string S3AccessKey = "CANARYS3ACCESSKEY7Q2W";
    private const string S3SecretKey = "canary-s3-secret-key-0d4f";
    private const string WebhookSecretValue = "canary-webhook-secret-9e1c";

    private static readonly string[] Canaries = [GitToken, ResticPassword, S3AccessKey, S3SecretKey, WebhookSecretValue];

    private readonly GitHttpFixture _git;
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gob-canary-{Guid.NewGuid():N}")).FullName;
    private EmbeddedKubernetes _cluster = null!;

    public CanarySecretTests(GitHttpFixture git) => _git = git;

    private static Dictionary<string, string> Environment => new()
    {
        ["RESTIC_PASSWORD"] = ResticPassword,
        ["AWS_ACCESS_KEY_ID"] = S3AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = S3SecretKey,
        ["GOB_CANARY_TOKEN"] = GitToken,
    };

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions());
        _cluster.State.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"apps"}}""");
        foreach (var file in SpecTexts.Repo(SpecTexts.App(SpecTexts.MinimalBody)).EnumerateFiles())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_dir, "repo", file.Path))!);
            await File.WriteAllBytesAsync(Path.Combine(_dir, "repo", file.Path), file.ReadAllBytes());
        }

        await File.WriteAllTextAsync(Path.Combine(_dir, "kubeconfig"), EmbeddedTarget.Kubeconfig(_cluster.BaseAddress, "canary-test-token"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "webhook-secret"), WebhookSecretValue + "\n");
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(422)]
    [InlineData(500)]
    public async Task NoCanary_InOutputLogsEventsStatusOrObjects_WhenTheApiFails(int status)
    {
        var kubeconfig = Path.Combine(_dir, "kubeconfig");
        _cluster.Faults.Fail(status, resource: "cronjobs", times: 10_000);

        var (exit, logs) = await RunProcessAsync("apply", Path.Combine(_dir, "repo"), "--kubeconfig", kubeconfig);
        var plan = await CliRunner.RunAsync("plan", Path.Combine(_dir, "repo"), "--kubeconfig", kubeconfig);
        _cluster.Faults.Clear();
        var applied = await CliRunner.RunAsync("apply", Path.Combine(_dir, "repo"), "--kubeconfig", kubeconfig);
        var statusOut = await CliRunner.RunAsync("status", "--kubeconfig", kubeconfig, "-o", "json");
        var rendered = await CliRunner.RunAsync("render", Path.Combine(_dir, "repo"));

        Assert.True(exit != 0, $"the {status} was not reported:\n{logs}");
        Assert.True(applied.Exit == 0, applied.Stderr);
        var everything = new StringBuilder(logs).Append(plan.Stdout).Append(plan.Stderr).Append(applied.Stdout).Append(applied.Stderr)
            .Append(statusOut.Stdout).Append(statusOut.Stderr).Append(rendered.Stdout).Append(rendered.Stderr);
        foreach (var kind in new[] { "Event" })
        {
            everything.AppendJoin('\n', _cluster.State.List("v1", kind).Select(o => o.ToJsonString()));
        }

        foreach (var kind in new[] { "CronJob", "Job" })
        {
            everything.AppendJoin('\n', _cluster.State.List("batch/v1", kind).Select(o => o.ToJsonString()));
        }

        Assert.Contains("backup-app", everything.ToString(), StringComparison.Ordinal); // the objects were there to look at
        AssertNoCanary(everything.ToString());
    }

    [Fact]
    public async Task NoCanary_WhenGitRefusesTheToken_FromAFlagOrTheUrl()
    {
        var repo = _git.CreateRepo($"canary-{Guid.NewGuid():N}");
        repo.Commit("infrastructure/defaults.yaml", SpecTexts.Defaults);

        var byEnv = await RunProcessAsync("validate", "--repo", _git.HttpUrl(repo.Name), "--username", _git.User, "--token-env", "GOB_CANARY_TOKEN", "--cache-dir", Path.Combine(_dir, "cache1"));
        var inUrl = await RunProcessAsync("validate", "--repo", _git.HttpUrl(repo.Name).Replace("http://", $"http://{_git.User}:{GitToken}@", StringComparison.Ordinal), "--cache-dir", Path.Combine(_dir, "cache2"));

        Assert.True(byEnv.Exit == 2, byEnv.Output);
        Assert.True(inUrl.Exit == 2, inUrl.Output);
        AssertNoCanary(byEnv.Output + inUrl.Output);
    }

    [Fact]
    public async Task NoCanary_InWebhookAnswers_Logs_OrMetrics_WhateverIsSent()
    {
        var log = new ListSink();
        using var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(log).CreateLogger();
        var secret = WebhookSecret.Read(Path.Combine(_dir, "webhook-secret")).Secret!;
        var surface = new HttpSurface(new HttpSurfaceOptions { Url = "http://127.0.0.1:0", WebhookSecret = secret, Followed = GitRef.Branch("main"), MaxBodyBytes = 4096, WebhooksPerMinute = 1000 },
            new PassTrigger(), new ServiceMetrics(), new Readiness(), logger);
        await surface.StartAsync(CancellationToken.None);
        await using (surface)
        {
            using var http = new HttpClient { BaseAddress = surface.Address, Timeout = TimeSpan.FromSeconds(10) };
            var body = """{"ref":"refs/heads/main"}""";
            var answers = new StringBuilder();
            foreach (var (route, header, value) in new[]
            {
                ("/hooks/github", "X-Hub-Signature-256", "sha256=" + Hmac(WebhookSecretValue, body)),
                ("/hooks/github", "X-Hub-Signature-256", "sha256=" + Hmac(WebhookSecretValue, body + " ")),
                ("/hooks/github", "X-Hub-Signature-256", WebhookSecretValue),
                ("/hooks/gitea", "X-Gitea-Signature", WebhookSecretValue + "00"),
                ("/hooks/gitlab", "X-Gitlab-Token", WebhookSecretValue + "x"),
                ("/hooks/gitlab", "X-Gitlab-Token", WebhookSecretValue),
            })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation(header, value);
                request.Headers.Add(route.EndsWith("gitlab", StringComparison.Ordinal) ? "X-Gitlab-Event" : route.EndsWith("gitea", StringComparison.Ordinal) ? "X-Gitea-Event" : "X-GitHub-Event", route.EndsWith("gitlab", StringComparison.Ordinal) ? "Push Hook" : "push");
                using var response = await http.SendAsync(request);
                answers.Append((int)response.StatusCode).Append(' ').AppendLine(await response.Content.ReadAsStringAsync());
            }

            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

            Assert.Contains("202", answers.ToString(), StringComparison.Ordinal); // the genuine ones got through
            Assert.Contains("401", answers.ToString(), StringComparison.Ordinal);
            Assert.NotEmpty(log.Lines);
            AssertNoCanary(answers + metrics + string.Join('\n', log.Lines));
            Assert.DoesNotContain(Hmac(WebhookSecretValue, body), answers + metrics + string.Join('\n', log.Lines), StringComparison.OrdinalIgnoreCase);
        }
    }

    private static void AssertNoCanary(string text)
    {
        foreach (var canary in Canaries)
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"canary {canary[..10]}… leaked:\n{text}");
            Assert.False(text.Contains(B64(canary), StringComparison.Ordinal), $"canary {canary[..10]}… leaked base64-encoded");
        }
    }

    private async Task<(int Exit, string Output)> RunProcessAsync(params string[] args)
    {
        var output = new StringBuilder();
        using var process = CliProcess.Start(output, args, home: _dir, environment: Environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.WaitForExit(); // drains the redirected output
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Hmac(string secret, string body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    /// <summary>Every log event as it would be written: message, properties and exception.</summary>
    private sealed class ListSink : ILogEventSink
    {
        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            lock (Lines)
            {
                Lines.Add($"{logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {string.Join(' ', logEvent.Properties.Select(p => $"{p.Key}={p.Value}"))} {logEvent.Exception}");
            }
        }
    }
}
