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
    public async Task SampleRepo_RendersOneCronJobPerApp_AsMultiDocumentYaml()
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("render", CheckoutPaths.SampleRepo);

        Assert.True(code == 0, stderr);
        var objects = KubernetesYaml.LoadAllFromString(stdout);
        Assert.Equal(4, objects.Count);
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
        Assert.Equal(4, Directory.EnumerateFiles(outDir, "cronjob-*.yaml", SearchOption.AllDirectories).Count());
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
