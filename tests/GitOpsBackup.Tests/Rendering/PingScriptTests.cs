using GitOpsBackup.Specs;
using GitOpsBackup.Specs.Model;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Specs;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Tests.Rendering;

/// <summary>
/// The backup pod's healthchecks pings, from its own rendered script (backup.sh wrapped by
/// notify.sh) run for real with restic against s3rver, pinging a recording HTTP server on 127.0.0.1.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class PingScriptTests(S3rverFixture s3) : IAsyncLifetime
{
    private const string PingSecret = "healthchecks-zq81";
    private const string PingKey = "ping-url-zq81";
    private readonly string _sfx = Guid.NewGuid().ToString("N")[..8];
    private readonly string _pingKey = "pk-" + Guid.NewGuid().ToString("N");
    private readonly List<string> _cleanup = [];
    private HttpRecorder _receiver = null!;

    public async Task InitializeAsync() => _receiver = await HttpRecorder.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        foreach (var folder in _cleanup)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ASuccessfulBackup_PingsStartThenSuccess_UnderTheAppsSlug()
    {
        var data = Folder("data");
        TreeAssert.WriteRandom(data, seed: 11, count: 3, maxBytes: 4000);
        using var pod = Sandbox(App("gitea"), data, $"{_receiver.BaseUrl}/{_pingKey}");

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("RESULT status=success", run.Stdout, StringComparison.Ordinal);
        var requests = _receiver.Requests.ToList();
        Assert.Equal([$"GET /{_pingKey}/media-gitea/start?create=1", $"POST /{_pingKey}/media-gitea?create=1"], requests.Select(r => r.ToString()));
        Assert.Contains("RESULT status=success app=gitea", requests[1].Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_pingKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedBackup_PingsStartThenFail_WithTheLogTail_AndKeepsItsExitCode()
    {
        var empty = Folder("empty");
        var checkUrl = $"{_receiver.BaseUrl}/{Guid.NewGuid():N}";
        var app = App("wiki") with
        {
            Notifications = new Notifications { Healthchecks = new HealthchecksPing(new SecretKeyRef(PingSecret, PingKey), Slugs: false) },
        };
        using var pod = Sandbox(app, empty, checkUrl);
        pod.Environment["BACKUP_PING_TAIL"] = "200";

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 4, run.ToString());
        var requests = _receiver.Requests.ToList();
        var path = new Uri(checkUrl).AbsolutePath;
        Assert.Equal([$"GET {path}/start", $"POST {path}/fail"], requests.Select(r => r.ToString()));
        var tail = requests[1].Body;
        Assert.InRange(tail.Length, 1, 200);
        Assert.EndsWith("RESULT status=empty app=wiki reason=empty-volume: a source was empty\n", tail, StringComparison.Ordinal);
        Assert.True(run.Stdout.Length > 200, "the whole log is longer than the tail");
        Assert.EndsWith(tail, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APingServerThatIsDown_NeverFailsTheBackup()
    {
        var data = Folder("data");
        TreeAssert.WriteRandom(data, seed: 12, count: 2, maxBytes: 2000);
        var closed = GitPorts.Next();
        using var pod = Sandbox(App("notes"), data, $"http://127.0.0.1:{closed}/{_pingKey}");

        var run = await pod.RunAsync();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("NOTE ping start not delivered", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("NOTE ping success not delivered", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(_pingKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRenderedCronJob_NamesThePingSecret_NeverItsValue()
    {
        var cronJob = Render(App("gitea"));
        var yaml = KubernetesYaml.Serialize(cronJob);
        var env = cronJob.Spec.JobTemplate.Spec.Template.Spec.Containers.Single().Env;
        var url = env.Single(e => e.Name == "BACKUP_PING_URL");
        Assert.Null(url.Value);
        Assert.Equal((PingSecret, PingKey, true), (url.ValueFrom.SecretKeyRef.Name, url.ValueFrom.SecretKeyRef.Key, url.ValueFrom.SecretKeyRef.Optional == true));
        Assert.Equal("media-gitea", env.Single(e => e.Name == "BACKUP_PING_SLUG").Value);
        Assert.DoesNotContain("hc-ping", yaml, StringComparison.Ordinal);

        // Without notifications the pod runs backup.sh alone, as before.
        var plain = Render(App("gitea") with { Notifications = null }, pings: false);
        Assert.DoesNotContain(plain.Spec.JobTemplate.Spec.Template.Spec.Containers.Single().Env, e => e.Name.StartsWith("BACKUP_PING", StringComparison.Ordinal));
        Assert.DoesNotContain("run_backup", plain.Spec.JobTemplate.Spec.Template.Spec.Containers.Single().Command[2], StringComparison.Ordinal);
    }

    private HomelabBackup App(string name) => MinimalSpecs.App with
    {
        Name = name,
        Namespace = "media",
        BackupBucket = $"backup-{_sfx}",
        Schedule = "H 2 * * *",
        Volumes = [new BackupVolume("data", false)],
        Location = new SourceLocation($"apps/{name}/backup.yaml", 1, 1),
    };

    private V1CronJob Render(HomelabBackup app, bool pings = true)
    {
        var defaults = TestSpecs.Defaults(s3.Endpoint) with
        {
            Notifications = pings ? new Notifications { Healthchecks = new HealthchecksPing(new SecretKeyRef(PingSecret, PingKey), Slugs: true) } : new Notifications(),
        };
        var result = TestSpecs.Render([app], defaults: defaults);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return (V1CronJob)result.Objects.Single().Resource;
    }

    private PodSandbox Sandbox(HomelabBackup app, string data, string pingUrl)
    {
        var secrets = new Dictionary<(string, string), string>
        {
            [(TestSpecs.S3Secret, TestSpecs.S3KeyId)] = S3rverFixture.AccessKey,
            [(TestSpecs.S3Secret, TestSpecs.S3SecretKey)] = S3rverFixture.SecretKey,
            [(TestSpecs.ResticSecret, TestSpecs.ResticKey)] = $"repo-password-{_sfx}",
            [(TestSpecs.CaSecret, TestSpecs.CaKey)] = File.ReadAllText(s3.CaFile),
            [(PingSecret, PingKey)] = pingUrl,
        };
        return new PodSandbox(Render(app).Spec.JobTemplate.Spec.Template.Spec, secrets, new Dictionary<string, string> { ["data"] = data });
    }

    private string Folder(string name)
    {
        var folder = Path.Join(Path.GetTempPath(), $"gob-ping-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        UnixFiles.SetMode(folder, 755);
        _cleanup.Add(folder);
        return folder;
    }
}
