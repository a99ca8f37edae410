using System.Globalization;
using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Kubectl;

/// <summary>kubectl is a real client nobody here wrote: the embedded cluster must satisfy it.</summary>
public sealed class KubectlTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes client = fixture.Client;
    private readonly Kubectl kubectl = new(fixture.KubeconfigPath, Directory.CreateDirectory(Path.Combine(fixture.TempDir, "home")).FullName);

    private static string CronJobYaml(string name, string ns, string schedule = "30 2 * * *") => $$"""
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels:
            app.kubernetes.io/managed-by: gitops-backup
        spec:
          schedule: "{{schedule}}"
          timeZone: Europe/Berlin
          concurrencyPolicy: Forbid
          jobTemplate:
            spec:
              suspend: true
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: backup
                    image: restic/restic:0.17
                    args: ["backup", "/data"]
        """;

    private async Task<string> WriteFile(string name, string text)
    {
        var path = Path.Combine(fixture.TempDir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Fact]
    public async Task Version_SaysTheServerIsSimulated()
    {
        var output = await kubectl.OkAsync("version");

        Assert.Contains("Server Version: v1.32.0-gitops-backup-simulated", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCronJobsAllNamespaces_ListsThemWithKubectlsColumns()
    {
        var a = await fixture.NewNamespaceAsync("kga");
        var b = await fixture.NewNamespaceAsync("kgb");
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("nextcloud-backup", a), a);
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("immich-backup", b, schedule: "0 3 * * *"), b);

        var output = await kubectl.OkAsync("get", "cronjobs", "-A");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAMESPACE\s+NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(a, StringComparison.Ordinal) && l.Contains("nextcloud-backup", StringComparison.Ordinal) && l.Contains("30 2 * * *", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(b, StringComparison.Ordinal) && l.Contains("immich-backup", StringComparison.Ordinal) && l.Contains("0 3 * * *", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCronJobAsYaml_ShowsTheObject()
    {
        var ns = await fixture.NewNamespaceAsync("kyaml");
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("app", ns), ns);

        var yaml = await kubectl.OkAsync("get", "cronjob", "app", "-n", ns, "-o", "yaml");

        Assert.Contains("kind: CronJob", yaml, StringComparison.Ordinal);
        Assert.Contains("schedule: 30 2 * * *", yaml, StringComparison.Ordinal);
        Assert.Contains($"namespace: {ns}", yaml, StringComparison.Ordinal);
        Assert.Contains("resourceVersion:", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeCronJob_ShowsScheduleAndItsEvents()
    {
        var ns = await fixture.NewNamespaceAsync("kdesc");
        var cronJob = await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("app", ns), ns);
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = "app.applied", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference { ApiVersion = "batch/v1", Kind = "CronJob", Name = "app", NamespaceProperty = ns, Uid = cronJob.Metadata.Uid },
            Reason = "Applied",
            Message = "applied by gitops-backup at revision abc123",
            Type = "Normal",
            Count = 1,
            FirstTimestamp = DateTime.UtcNow,
            LastTimestamp = DateTime.UtcNow,
            Source = new V1EventSource { Component = "gitops-backup" },
        }, ns);

        var output = await kubectl.OkAsync("describe", "cronjob", "app", "-n", ns);

        Assert.Matches(@"Schedule:\s+30 2 \* \* \*", output);
        Assert.Contains("restic/restic:0.17", output, StringComparison.Ordinal);
        Assert.Contains("applied by gitops-backup at revision abc123", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyServerSide_CreatesThenIsANoOp_ThenConflictsWithAnEdit()
    {
        var ns = await fixture.NewNamespaceAsync("kapply");
        var file = await WriteFile($"{ns}.yaml", CronJobYaml("app", ns));

        var first = await kubectl.OkAsync("apply", "--server-side", "-f", file);
        var rv = (await client.BatchV1.ReadNamespacedCronJobAsync("app", ns)).Metadata.ResourceVersion;
        var second = await kubectl.OkAsync("apply", "--server-side", "-f", file);
        var live = await client.BatchV1.ReadNamespacedCronJobAsync("app", ns);

        Assert.Contains("cronjob.batch/app serverside-applied", first, StringComparison.Ordinal);
        Assert.Contains("cronjob.batch/app serverside-applied", second, StringComparison.Ordinal);
        Assert.Equal(rv, live.Metadata.ResourceVersion);
        Assert.Equal("Forbid", live.Spec.ConcurrencyPolicy);
        Assert.Contains(live.Metadata.ManagedFields, m => m.Manager == "kubectl" && m.Operation == "Apply");

        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"spec":{"schedule":"5 5 * * *"}}""", V1Patch.PatchType.MergePatch), "app", ns, fieldManager: "someone-else");
        var (exit, _, err) = await kubectl.RunAsync(["apply", "--server-side", "-f", file]);
        Assert.NotEqual(0, exit);
        Assert.Contains("conflict with \"someone-else\"", err, StringComparison.Ordinal);

        await kubectl.OkAsync("apply", "--server-side", "--force-conflicts", "-f", file);
        Assert.Equal("30 2 * * *", (await client.BatchV1.ReadNamespacedCronJobAsync("app", ns)).Spec.Schedule);
    }

    [Fact]
    public async Task DeleteCronJob_RemovesIt()
    {
        var ns = await fixture.NewNamespaceAsync("kdel");
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("app", ns), ns);

        var output = await kubectl.OkAsync("delete", "cronjob", "app", "-n", ns);

        Assert.Contains("cronjob.batch \"app\" deleted", output, StringComparison.Ordinal);
        Assert.Empty((await client.BatchV1.ListNamespacedCronJobAsync(ns)).Items);
    }

    [Fact]
    public async Task Label_AddsTheLabel_OwnedByKubectlLabel()
    {
        var ns = await fixture.NewNamespaceAsync("klabel");
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("app", ns), ns);

        await kubectl.OkAsync("label", "cronjob", "app", "-n", ns, "tier=backup");
        var selected = await kubectl.OkAsync("get", "cronjobs", "-n", ns, "-l", "tier=backup", "-o", "name");

        var live = await client.BatchV1.ReadNamespacedCronJobAsync("app", ns);
        Assert.Equal("backup", live.Metadata.Labels["tier"]);
        Assert.Contains(live.Metadata.ManagedFields, m => m.Manager == "kubectl-label");
        Assert.Equal("cronjob.batch/app", selected.Trim());
    }

    [Fact]
    public async Task Edit_WithAnEditorScript_ChangesTheSchedule_AndForcedApplyRevertsIt()
    {
        var ns = await fixture.NewNamespaceAsync("kedit");
        var applied = await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch(Objects.CronJob("app", ns), V1Patch.PatchType.ApplyPatch), "app", ns, fieldManager: "gitops-backup", force: true);
        var editor = await WriteFile($"editor-{ns}.sh", "#!/bin/sh\nsed -i 's/30 2 \\* \\* \\*/45 3 * * */' \"$1\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var (exit, stdout, stderr) = await kubectl.RunAsync(["edit", "cronjob", "app", "-n", ns], env: new Dictionary<string, string> { ["EDITOR"] = editor, ["KUBE_EDITOR"] = editor });
        Assert.True(exit == 0, $"kubectl edit failed: {stdout} {stderr}");
        var edited = await client.BatchV1.ReadNamespacedCronJobAsync("app", ns);
        Assert.Equal("45 3 * * *", edited.Spec.Schedule);
        Assert.Equal(applied.Metadata.Generation + 1, edited.Metadata.Generation);
        Assert.Contains(edited.Metadata.ManagedFields, m => m.Manager == "kubectl-edit");

        var reverted = await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch(Objects.CronJob("app", ns), V1Patch.PatchType.ApplyPatch), "app", ns, fieldManager: "gitops-backup", force: true);
        Assert.Equal("30 2 * * *", reverted.Spec.Schedule);
        Assert.DoesNotContain(reverted.Metadata.ManagedFields, m => m.Manager == "kubectl-edit");
    }

    [Fact]
    public async Task CreateNamespace_Works()
    {
        var output = await kubectl.OkAsync("create", "namespace", "kcreate");
        var ns = await client.CoreV1.ReadNamespaceAsync("kcreate");

        Assert.Contains("namespace/kcreate created", output, StringComparison.Ordinal);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal("kcreate", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public async Task GetJobsAndPods_AndDeleteANamespace_Work()
    {
        var ns = await fixture.NewNamespaceAsync("kns");
        await client.BatchV1.CreateNamespacedJobAsync(Objects.Job("run-1", ns), ns);

        var jobs = await kubectl.OkAsync("get", "jobs", "-n", ns);
        var deleted = await kubectl.OkAsync("delete", "namespace", ns);

        Assert.Matches(@"NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE", jobs);
        Assert.Contains("run-1", jobs, StringComparison.Ordinal);
        Assert.Contains($"namespace \"{ns}\" deleted", deleted, StringComparison.Ordinal);
        Assert.Equal(404, (await Objects.FailureOf(() => client.CoreV1.ReadNamespaceAsync(ns))).Code);
        Assert.True(fixture.Cluster.Requests.Count("discovery") > 0, string.Create(CultureInfo.InvariantCulture, $"kubectl made {fixture.Cluster.Requests.Count("discovery")} discovery requests"));
    }
}
