using GitOpsBackup.Rendering;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Specs;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Tests.Cli;

public sealed class RenderCommandTests : IDisposable
{
    private readonly string _repo = Path.Join(Path.GetTempPath(), "gob-render-" + Guid.NewGuid().ToString("N"));

    public RenderCommandTests() => Directory.CreateDirectory(_repo);

    [Fact]
    public async Task SampleRepo_RendersABackupAndADrillCronJobPerApp_AsMultiDocumentYaml()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("render", CheckoutPaths.SampleRepo);

        Assert.True(code == 0, stderr);
        var objects = KubernetesYaml.LoadAllFromString(stdout);
        Assert.Equal(8, objects.Count); // backup-<app> and verify-<app> (sample-repo turns restore drills on) for 4 apps
        Assert.All(objects, o => Assert.Equal(Ownership.ManagedByValue, Assert.IsType<V1CronJob>(o).Metadata.Labels[Ownership.ManagedByLabel]));
        Assert.Contains(objects.Cast<V1CronJob>(), c => c.Metadata.Name == "backup-nextcloud" && c.Metadata.NamespaceProperty == "nextcloud" && c.Spec.Schedule == "30 2 * * *");
    }

    [Fact]
    public async Task Cycle_AddsTheCloneJobForThatDate()
    {
        var (code, stdout, _) = await CliRunner.RunAsync("render", CheckoutPaths.SampleRepo, "--cycle", "2026-11-28");

        Assert.Equal(0, code);
        var job = Assert.Single(KubernetesYaml.LoadAllFromString(stdout).OfType<V1Job>());
        Assert.Equal("external-clone-20261128", job.Metadata.Name);
    }

    [Fact]
    public async Task Out_WritesOneFilePerObject_AndRemovesOnlyOurStaleFiles()
    {
        var outDir = Path.Join(_repo, "rendered");
        Directory.CreateDirectory(Path.Join(outDir, "old"));
        File.WriteAllText(Path.Join(outDir, "old", "cronjob-backup-gone.yaml"), $"metadata:\n  labels:\n    {Ownership.ManagedByLabel}: {Ownership.ManagedByValue}\n");
        File.WriteAllText(Path.Join(outDir, "keep-me.yaml"), "kind: ConfigMap\n");

        var (code, _, stderr) = await CliRunner.RunAsync("render", CheckoutPaths.SampleRepo, "--out", outDir);

        Assert.True(code == 0, stderr);
        var yaml = File.ReadAllText(Path.Join(outDir, "nextcloud", "cronjob-backup-nextcloud.yaml"));
        Assert.Equal("backup-nextcloud", KubernetesYaml.Deserialize<V1CronJob>(yaml).Metadata.Name);
        Assert.Equal(4, Directory.EnumerateFiles(outDir, "cronjob-backup-*.yaml", SearchOption.AllDirectories).Count());
        Assert.Equal(4, Directory.EnumerateFiles(outDir, "cronjob-verify-*.yaml", SearchOption.AllDirectories).Count());
        Assert.False(File.Exists(Path.Join(outDir, "old", "cronjob-backup-gone.yaml")));
        Assert.True(File.Exists(Path.Join(outDir, "keep-me.yaml")));
    }

    [Fact]
    public async Task BrokenApp_IsNamedOnStderr_ValidAppsStillRender_ExitOne()
    {
        Write("defaults.yaml", SpecTexts.Defaults);
        Write("apps/good/backup.yaml", App("good", "30 2 * * *"));
        Write("apps/bad/backup.yaml", App("bad", "every night"));

        var (code, stdout, stderr) = await CliRunner.RunAsync("render", _repo);

        Assert.Equal(1, code);
        var rendered = Assert.Single(KubernetesYaml.LoadAllFromString(stdout));
        Assert.Equal("backup-good", ((V1CronJob)rendered).Metadata.Name);
        Assert.Contains("apps/bad/backup.yaml", stderr, StringComparison.Ordinal);
        Assert.Contains("bad/bad: not rendered", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralBrokenApps_AreEachNamedInOrder_ValidAppsStillRender_ExitOne()
    {
        Write("defaults.yaml", SpecTexts.Defaults);
        Write("apps/good/backup.yaml", App("good", "30 2 * * *"));
        foreach (var (ns, name) in new[] { ("media", "zeta"), ("b", "y"), ("media", "alpha"), ("Z", "x") })
        {
            Write($"apps/{ns}-{name}/backup.yaml", App(name, "every night").Replace($"namespace: {name}", $"namespace: {ns}", StringComparison.Ordinal));
        }

        var (code, stdout, stderr) = await CliRunner.RunAsync("render", _repo);

        Assert.Equal(1, code);
        Assert.Equal("backup-good", ((V1CronJob)Assert.Single(KubernetesYaml.LoadAllFromString(stdout))).Metadata.Name);
        var named = stderr.Split('\n').Where(l => l.EndsWith(": not rendered, its spec has errors", StringComparison.Ordinal)).ToList();
        Assert.Equal(["error: b/y: not rendered, its spec has errors", "error: media/alpha: not rendered, its spec has errors", "error: media/zeta: not rendered, its spec has errors"], named);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> HostileApps => new()
    {
        // what, spec body of the hostile app
        { "an alias that deepens nesting past the limit", $"  x: &a {new string('[', 40)}1{new string(']', 40)}\n  y: {new string('[', 30)}*a{new string(']', 30)}" },
        { "a 309-digit memory", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  resources:\n    requests:\n      memory: " + new string('9', 309) },
        { "a memory with a huge exponent", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  resources:\n    limits:\n      memory: \"1e99999\"" },
        { "a bare memory with a huge exponent", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  resources:\n    limits:\n      memory: 1e999999999" },
        { "a memory past 2^63-1", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  resources:\n    limits:\n      memory: \"99999999999999999999999999999999Gi\"" },
        { "an injected workflow command", "  backupBucket: bad-backup\n  volumes:\n    - name: data\n  \"k\\n::error file=x::owned\\e[2J\": 1" },
    };

    [Theory]
    [MemberData(nameof(HostileApps))]
    public async Task HostileApp_IsAnErrorForThatAppOnly_TheOthersRender(string what, string body)
    {
        Write("defaults.yaml", SpecTexts.Defaults);
        Write("apps/good/backup.yaml", App("good", "30 2 * * *"));
        Write("apps/bad/backup.yaml", SpecTexts.App(body, name: "bad", ns: "bad"));

        var (code, stdout, stderr) = await CliRunner.RunAsync("render", _repo);

        Assert.True(code == 1, $"{what}: exit {code}\n{stderr}");
        Assert.Equal("backup-good", ((V1CronJob)Assert.Single(KubernetesYaml.LoadAllFromString(stdout))).Metadata.Name);
        Assert.Matches(@"apps/bad/backup\.yaml:[0-9]+:[0-9]+: error: ", stderr);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain("\n::", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoDefaults_IsAnError_NotAnEmptyOutput()
    {
        Write("apps/good/backup.yaml", App("good", "30 2 * * *"));

        var (code, stdout, stderr) = await CliRunner.RunAsync("render", _repo);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("BackupDefaults", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cycle", "28.11.2026")]
    [InlineData("--cycle", "2026-13-01")]
    public async Task BadCycle_IsAUsageError(string option, string value)
    {
        var (code, _, stderr) = await CliRunner.RunAsync("render", CheckoutPaths.SampleRepo, option, value);

        Assert.Equal(2, code);
        Assert.Contains("yyyy-MM-dd", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingPath_IsAnIoError()
    {
        var (code, _, _) = await CliRunner.RunAsync("render", Path.Join(_repo, "nope"));

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task SameRepo_RendersByteIdenticalOutput()
    {
        var first = await CliRunner.RunAsync("render", CheckoutPaths.SampleRepo, "--revision", "abc123");
        var second = await CliRunner.RunAsync("render", CheckoutPaths.SampleRepo, "--revision", "abc123");

        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("backup.homelab.dev/revision: abc123", first.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    private static string App(string name, string schedule) => $"""
        apiVersion: backup.homelab.dev/v1alpha1
        kind: HomelabBackup
        metadata:
          name: {name}
          namespace: {name}
        spec:
          backupBucket: {name}-backup
          schedule: "{schedule}"
          volumes:
            - name: {name}-data-bucket
              external: true
        """;

    private void Write(string relative, string text)
    {
        var path = Path.Join(_repo, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}
