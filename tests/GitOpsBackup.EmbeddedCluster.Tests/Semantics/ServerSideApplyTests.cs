using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Semantics;

public sealed class ServerSideApplyTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string Manager = "gitops-backup";
    private readonly Kubernetes client = fixture.Client;

    private Task<V1CronJob> Apply(V1CronJob config, string manager = Manager, bool? force = null, string? dryRun = null) =>
        client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch(config, V1Patch.PatchType.ApplyPatch), config.Metadata.Name, config.Metadata.NamespaceProperty,
            fieldManager: manager, force: force, dryRun: dryRun);

    [Fact]
    public async Task Apply_CreatesWhenAbsent_AndTracksTheManager()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await Apply(Objects.CronJob("app", ns));

        Assert.Equal("30 2 * * *", created.Spec.Schedule);
        var entry = Assert.Single(created.Metadata.ManagedFields);
        Assert.Equal(Manager, entry.Manager);
        Assert.Equal("Apply", entry.Operation);
        Assert.Contains("f:schedule", entry.FieldsV1.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyingTheSameConfigTwice_KeepsResourceVersion_AndGeneration()
    {
        var ns = await fixture.NewNamespaceAsync();
        var first = await Apply(Objects.CronJob("same", ns, labels: new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "gitops-backup" }));

        var second = await Apply(Objects.CronJob("same", ns, labels: new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "gitops-backup" }), force: true);

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(first.Metadata.Generation, second.Metadata.Generation);
        Assert.Equal(first.Metadata.ManagedFields.Single().Time, second.Metadata.ManagedFields.Single().Time);
    }

    [Fact]
    public async Task Apply_UpdatesChangedFields_AndBumpsGeneration()
    {
        var ns = await fixture.NewNamespaceAsync();
        var first = await Apply(Objects.CronJob("upd", ns));

        var second = await Apply(Objects.CronJob("upd", ns, schedule: "0 3 * * *"));

        Assert.Equal("0 3 * * *", second.Spec.Schedule);
        Assert.Equal(first.Metadata.Generation + 1, second.Metadata.Generation);
        Assert.NotEqual(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task FieldDroppedFromConfig_IsRemoved_UnlessAnotherManagerOwnsIt()
    {
        var ns = await fixture.NewNamespaceAsync();
        var config = Objects.CronJob("drop", ns, labels: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        config.Spec.TimeZone = "Europe/Berlin";
        await Apply(config);
        // Another manager applies label b with the same value: shared ownership.
        await Apply(new V1CronJob { ApiVersion = "batch/v1", Kind = "CronJob", Metadata = new V1ObjectMeta { Name = "drop", NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["b"] = "2" } } }, manager: "other");

        var trimmed = Objects.CronJob("drop", ns, labels: new Dictionary<string, string> { ["x"] = "9" });
        var result = await Apply(trimmed);

        Assert.Null(result.Spec.TimeZone);
        Assert.False(result.Metadata.Labels.ContainsKey("a"));
        Assert.Equal("2", result.Metadata.Labels["b"]);
        Assert.Equal("9", result.Metadata.Labels["x"]);
    }

    [Fact]
    public async Task ChangingAFieldAnotherManagerOwns_Conflicts_WithoutForce()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Apply(Objects.CronJob("conf", ns));
        // A human edits the schedule (an Update by kubectl-edit takes ownership of it).
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"spec":{"schedule":"5 5 * * *"}}""", V1Patch.PatchType.MergePatch), "conf", ns, fieldManager: "kubectl-edit");

        var (code, message, status) = await Objects.FailureOf(() => Apply(Objects.CronJob("conf", ns)));

        Assert.Equal(409, code);
        Assert.Equal("Conflict", status["reason"]!.ToString());
        Assert.Contains("conflict with \"kubectl-edit\"", message, StringComparison.Ordinal);
        Assert.Contains(".spec.schedule", message, StringComparison.Ordinal);
        Assert.Equal(".spec.schedule", status["details"]!["causes"]![0]!["field"]!.ToString());
        Assert.Equal("5 5 * * *", (await client.BatchV1.ReadNamespacedCronJobAsync("conf", ns)).Spec.Schedule);
    }

    [Fact]
    public async Task Force_RevertsAManualEdit_AndTakesOwnership()
    {
        var ns = await fixture.NewNamespaceAsync();
        await Apply(Objects.CronJob("force", ns));
        await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("""{"spec":{"schedule":"5 5 * * *"}}""", V1Patch.PatchType.MergePatch), "force", ns, fieldManager: "kubectl-edit");

        var reverted = await Apply(Objects.CronJob("force", ns), force: true);

        Assert.Equal("30 2 * * *", reverted.Spec.Schedule);
        Assert.Equal([Manager], reverted.Metadata.ManagedFields.Select(m => m.Manager));
    }

    [Fact]
    public async Task DryRun_ReturnsTheResult_AndChangesNothing()
    {
        var ns = await fixture.NewNamespaceAsync();
        var before = await Apply(Objects.CronJob("dry", ns));
        fixture.Cluster.Requests.Reset();

        var preview = await Apply(Objects.CronJob("dry", ns, schedule: "9 9 * * *"), dryRun: "All");
        var createPreview = await Apply(Objects.CronJob("dry-new", ns), dryRun: "All");

        Assert.Equal("9 9 * * *", preview.Spec.Schedule);
        Assert.Equal("dry-new", createPreview.Metadata.Name);
        var live = await client.BatchV1.ReadNamespacedCronJobAsync("dry", ns);
        Assert.Equal("30 2 * * *", live.Spec.Schedule);
        Assert.Equal(before.Metadata.ResourceVersion, live.Metadata.ResourceVersion);
        Assert.Equal(404, (await Objects.FailureOf(() => client.BatchV1.ReadNamespacedCronJobAsync("dry-new", ns))).Code);
        Assert.Equal(0, fixture.Cluster.Requests.Entries.Count(e => e.IsWrite && e.Namespace == ns));
    }

    [Fact]
    public async Task Apply_RequiresAFieldManager()
    {
        var ns = await fixture.NewNamespaceAsync();
        var (code, message, _) = await Objects.FailureOf(() => client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch(Objects.CronJob("nomgr", ns), V1Patch.PatchType.ApplyPatch), "nomgr", ns));

        Assert.Equal(400, code);
        Assert.Contains("fieldManager is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyByYaml_AsKubectlSendsIt_IsAccepted()
    {
        var ns = await fixture.NewNamespaceAsync();
        var yaml = $$"""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: yaml
              namespace: {{ns}}
            spec:
              schedule: "0 1 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      - name: c
                        image: busybox
            """;
        using var http = new HttpClient { BaseAddress = fixture.Cluster.BaseAddress };
        using var content = new StringContent(yaml);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/apply-patch+yaml");
        var response = await http.PatchAsync(new Uri($"/apis/batch/v1/namespaces/{ns}/cronjobs/yaml?fieldManager=test", UriKind.Relative), content);

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("gitops-backup-embedded", response.Headers.GetValues("X-Simulated").Single());
        Assert.Equal("0 1 * * *", (await client.BatchV1.ReadNamespacedCronJobAsync("yaml", ns)).Spec.Schedule);
    }
}
