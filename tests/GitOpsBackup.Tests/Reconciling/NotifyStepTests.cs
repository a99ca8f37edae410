using System.Text;
using System.Text.Json.Nodes;
using GitOpsBackup.Cluster;
using GitOpsBackup.Cycle;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Notifying;
using GitOpsBackup.Planning;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Serilog.Core;
using Serilog.Events;

namespace GitOpsBackup.Tests.Reconciling;

/// <summary>
/// The reconciler's notifications against the embedded cluster (Secrets read from it, last-told
/// state kept in annotations on it) and a recording HTTP server on 127.0.0.1 standing for ntfy,
/// the webhook and healthchecks.io.
/// </summary>
public sealed class NotifyStepTests : IAsyncLifetime, IDisposable
{
    private const string Ns = "media";
    private const string Own = "gitops-backup";
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly string _token = "tok-" + Guid.NewGuid().ToString("N");
    private readonly string _topic = "topic-" + Guid.NewGuid().ToString("N");
    private readonly string _hook = "hook-" + Guid.NewGuid().ToString("N");
    private readonly string _night = "night-" + Guid.NewGuid().ToString("N");
    private readonly LogSink _logs = new();
    private EmbeddedKubernetes _cluster = null!;
    private Kubernetes _client = null!;
    private HttpRecorder _receiver = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions { Time = _time });
        _client = new Kubernetes(new KubernetesClientConfiguration { Host = _cluster.BaseAddress.ToString().TrimEnd('/') });
        _receiver = await HttpRecorder.StartAsync();
        _http = new HttpClient();
        foreach (var ns in new[] { Ns, Own, "backup-system" })
        {
            _cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        }

        // Written through the API, as a user would: values travel base64-encoded, as on a real cluster.
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "notify", NamespaceProperty = Own },
            Data = new Dictionary<string, byte[]>
            {
                ["ntfy-url"] = Encoding.UTF8.GetBytes($"{_receiver.BaseUrl}/{_topic}"),
                ["ntfy-token"] = Encoding.UTF8.GetBytes(_token),
                ["webhook-url"] = Encoding.UTF8.GetBytes($"{_receiver.BaseUrl}/{_hook}\n"),
                ["night-url"] = Encoding.UTF8.GetBytes($"{_receiver.BaseUrl}/{_night}"),
            },
        }, Own);
    }

    public void Dispose()
    {
        _http.Dispose();
        _client.Dispose();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task NtfyAndTheWebhook_SpeakOnlyOnAChangeOfState_AndARestartRepeatsNothing()
    {
        Seed(LiveJson.CronJob(Ns, "gitea", "0 2 * * *", Start.AddDays(-10)));
        string[] outcomes = ["ok", "ok", "failed", "failed", "ok"];
        var after = new List<int>();
        for (var night = 0; night < outcomes.Length; night++)
        {
            var at = Start.AddDays(night);
            var job = LiveJson.BackupJob(Ns, "gitea", $"backup-gitea-{night}", at);
            Seed(outcomes[night] == "ok" ? job.Completed(at.AddMinutes(5)) : job.Failed(at.AddMinutes(5)));
            await PassAsync(State(), null);
            after.Add(_receiver.Requests.Count);
        }

        // A restarted reconciler (a new step, nothing in memory) finds the state on the CronJob.
        await PassAsync(State(), null);

        var requests = _receiver.Requests.ToList();
        Assert.Equal([0, 0, 2, 2, 4], after);
        Assert.Equal(4, requests.Count);
        var ntfy = requests.Where(r => r.PathAndQuery == "/" + _topic).ToList();
        var hooks = requests.Where(r => r.PathAndQuery == "/" + _hook).ToList();
        Assert.Equal(2, ntfy.Count);
        Assert.Equal(["Backup of media/gitea failed", "Backup of media/gitea ok again"], ntfy.Select(r => r.Headers["Title"]));
        Assert.All(ntfy, r => Assert.Equal("Bearer " + _token, r.Headers["Authorization"]));
        Assert.Equal(["high", "default"], ntfy.Select(r => r.Headers["Priority"]));
        var bodies = hooks.Select(h => JsonNode.Parse(h.Body)!.AsObject()).ToList();
        Assert.Equal([("failed", "ok", "backup-gitea-2"), ("ok", "failed", "backup-gitea-4")],
            bodies.Select(b => ((string)b["state"]!, (string)b["previous"]!, (string)b["job"]!)));
        Assert.All(bodies, b => Assert.Equal(("app", "media", "gitea"), ((string)b["subject"]!, (string)b["namespace"]!, (string)b["app"]!)));
        Assert.Equal("ok", CronJobAnnotation("gitea"));
        AssertNoSecretLeaked();
    }

    [Fact]
    public async Task AFirstRun_SpeaksOnlyWhenItFailed()
    {
        Seed(LiveJson.CronJob(Ns, "wiki", "0 2 * * *", Start.AddDays(-1)));
        Seed(LiveJson.CronJob(Ns, "notes", "0 2 * * *", Start.AddDays(-1)));
        Seed(LiveJson.BackupJob(Ns, "wiki", "backup-wiki-1", Start).Failed(Start.AddMinutes(3)));
        Seed(LiveJson.BackupJob(Ns, "notes", "backup-notes-1", Start).Completed(Start.AddMinutes(3)));

        await PassAsync(State("wiki", "notes"), null);

        var hooks = _receiver.Requests.Where(r => r.PathAndQuery == "/" + _hook).Select(h => JsonNode.Parse(h.Body)!).ToList();
        var only = Assert.Single(hooks);
        Assert.Equal(("wiki", "failed", null), ((string?)only["app"], (string?)only["state"], (string?)only["previous"]));
        Assert.Equal(("failed", "ok"), (CronJobAnnotation("wiki"), CronJobAnnotation("notes")));
    }

    [Fact]
    public async Task TheNightsPing_IsSentOnceAfterTheClone_FailOnAFailedClone()
    {
        var first = DateOnly.FromDateTime(Start.UtcDateTime);
        var running = await CreateCloneAsync(LiveJson.CloneJob(first, Start.AddHours(1)));
        await PassAsync(State(), Night(first));
        Assert.Empty(_receiver.Requests);

        _cluster.State.Seed(running.Completed(Start.AddHours(2)));
        await PassAsync(State(), Night(first));
        await PassAsync(State(), Night(first));

        var ping = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/" + _night), (ping.Method, ping.PathAndQuery));
        Assert.Contains("succeeded", ping.Body, StringComparison.Ordinal);

        var second = first.AddDays(1);
        var failing = await CreateCloneAsync(LiveJson.CloneJob(second, Start.AddDays(1).AddHours(1)));
        _cluster.State.Seed(failing.Failed(Start.AddDays(1).AddHours(2)));
        await PassAsync(State(), Night(second));
        await PassAsync(State(), Night(second));

        var requests = _receiver.Requests.Skip(1).ToList();
        Assert.Equal(["POST /" + _night + "/fail", "POST /" + _topic, "POST /" + _hook], requests.Select(r => r.ToString()));
        var hook = JsonNode.Parse(requests[2].Body)!;
        Assert.Equal(("night", "failed", "ok"), ((string?)hook["subject"], (string?)hook["state"], (string?)hook["previous"]));
        AssertNoSecretLeaked();
    }

    [Fact]
    public async Task PartialAndRefusedClones_FailTheNightsPingWithTheReason_AndAreStatesOfTheirOwnForNtfyAndTheWebhook()
    {
        // Four nights: ok, refused (a wrong disk), refused again (no room), partial (the disk filled up).
        (int? Exit, string? Message)[] nights = [(null, null), (5, "outcome=refused reason=wrong-disk\n"), (5, "outcome=refused reason=no-space\n"), (3, "outcome=partial reason=disk-full\n")];
        var pings = new List<string>();
        for (var i = 0; i < nights.Length; i++)
        {
            var cycle = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(i);
            var at = Start.AddDays(i);
            var clone = await CreateCloneAsync(LiveJson.CloneJob(cycle, at.AddHours(1)));
            if (nights[i].Exit is { } exit)
            {
                // As Kubernetes leaves it: the pod's terminated state with clone.sh's message, the Job failed by its podFailurePolicy rule.
                _cluster.State.Seed(clone.FailedByPolicy(at.AddHours(2), exit));
                _cluster.State.Seed(LiveJson.Pod(clone, "node-3", exit, nights[i].Message));
            }
            else
            {
                _cluster.State.Seed(clone.Completed(at.AddHours(2)));
            }

            var before = _receiver.Requests.Count;
            await PassAsync(State(), Night(cycle));
            await PassAsync(State(), Night(cycle));
            pings.Add(string.Join(" ", _receiver.Requests.Skip(before).Select(r => r.ToString())));
        }

        Assert.Equal(
        [
            $"POST /{_night}",
            $"POST /{_night}/fail POST /{_topic} POST /{_hook}",
            $"POST /{_night}/fail",
            $"POST /{_night}/fail POST /{_topic} POST /{_hook}",
        ], pings);
        var requests = _receiver.Requests.ToList();
        var failPings = requests.Where(r => r.PathAndQuery == $"/{_night}/fail").Select(r => r.Body).ToList();
        Assert.Contains("is refused (wrong-disk): nothing was copied", failPings[0], StringComparison.Ordinal);
        Assert.Contains("is refused (no-space)", failPings[1], StringComparison.Ordinal);
        Assert.Contains("is partial (disk-full): the disk filled up", failPings[2], StringComparison.Ordinal);
        Assert.Equal(["Backup night: the external clone refused to copy", "Backup night partial: the external disk is full"],
            requests.Where(r => r.PathAndQuery == "/" + _topic).Select(r => r.Headers["Title"]));
        var hooks = requests.Where(r => r.PathAndQuery == "/" + _hook).Select(h => JsonNode.Parse(h.Body)!).ToList();
        Assert.Equal([("refused", "wrong-disk", "ok"), ("partial", "disk-full", "refused")],
            hooks.Select(h => ((string)h["state"]!, (string)h["reason"]!, (string)h["previous"]!)));
        Assert.Equal(["ok", "refused", "refused", "partial"], _cluster.State.List("batch/v1", "Job")
            .OrderBy(j => (string?)j["metadata"]!["name"], StringComparer.Ordinal)
            .Select(j => (string?)j["metadata"]!["annotations"]![NotifyState.NightAnnotation]));
        AssertNoSecretLeaked();
    }

    private async Task PassAsync(RepoState state, (CycleDecision, NightWindow)? night)
    {
        var log = new Serilog.LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(_logs).CreateLogger();
        var step = new NotifyStep(_client, new JobApi(_client, _time), new Notifier(_http, _time, log), new PassOptions { NotifyNamespace = Own }, _time, log);
        var live = await new StateLiveSource(_cluster.State).ReadAsync(state, CancellationToken.None);
        await step.RunAsync(state, live, night, CancellationToken.None);
    }

    // What a real API server insists on (the fixtures leave it out): a restart policy and a container.
    private void Seed(JsonObject obj)
    {
        var spec = (string?)obj["kind"] == "CronJob"
            ? (obj["spec"]!["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject() } } })["spec"]!["template"]!["spec"]!.AsObject()
            : obj["spec"]!["template"]!["spec"]!.AsObject();
        spec["restartPolicy"] = "Never";
        spec["containers"] = new JsonArray(new JsonObject { ["name"] = "backup", ["image"] = "backup-tools" });
        _cluster.State.Seed(obj);
    }

    // Created through the API (defaulted, as the night's step creates it), then given the test's status.
    private async Task<JsonObject> CreateCloneAsync(JsonObject job)
    {
        var status = job["status"]!.DeepClone();
        job.Remove("status");
        job["spec"]!["template"]!["spec"]!["restartPolicy"] = "Never";
        job["spec"]!["template"]!["spec"]!["containers"] = new JsonArray(new JsonObject { ["name"] = "clone", ["image"] = "backup-tools" });
        var ns = (string)job["metadata"]!["namespace"]!;
        await _client.BatchV1.CreateNamespacedJobAsync(KubernetesJson.Deserialize<V1Job>(job.ToJsonString()), ns);
        var stored = _cluster.State.Get("batch/v1", "Job", ns, (string)job["metadata"]!["name"]!)!.DeepClone().AsObject();
        stored["status"] = status;
        return _cluster.State.Seed(stored);
    }

    private static (CycleDecision, NightWindow) Night(DateOnly cycle) =>
        (new CycleDecision.CloneExists(false), new NightWindow(cycle, Start, Start.AddHours(6)));

    private static RepoState State(params string[] apps)
    {
        var settings = new Notifications
        {
            NightUrl = new SecretKeyRef("notify", "night-url"),
            Ntfy = new NtfyTopic(new SecretKeyRef("notify", "ntfy-url"), new SecretKeyRef("notify", "ntfy-token")),
            WebhookUrl = new SecretKeyRef("notify", "webhook-url"),
        };
        return RepoState.FromDesired("rev", new DesiredState([])) with
        {
            Notifications = settings,
            AppNotifications = (apps.Length == 0 ? ["gitea"] : apps).ToDictionary(a => $"{Ns}/{a}", _ => settings, StringComparer.Ordinal),
        };
    }

    private string? CronJobAnnotation(string app) =>
        (string?)_cluster.State.Get("batch/v1", "CronJob", Ns, $"backup-{app}")?["metadata"]?["annotations"]?[NotifyState.AppAnnotation];

    private void AssertNoSecretLeaked()
    {
        var stored = string.Join('\n', _cluster.State.List("batch/v1", "CronJob").Concat(_cluster.State.List("batch/v1", "Job")).Select(o => o.ToJsonString()));
        var logged = string.Join('\n', _logs.Events.Select(e => e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotEmpty(_logs.Events);
        foreach (var secret in new[] { _token, _topic, _hook, _night })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        }
    }

    private sealed class LogSink : ILogEventSink
    {
        public System.Collections.Concurrent.ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }
}
