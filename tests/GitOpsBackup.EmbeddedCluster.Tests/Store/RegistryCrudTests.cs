using k8s;
using k8s.Models;

namespace GitOpsBackup.EmbeddedCluster.Tests.Store;

public sealed class RegistryCrudTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private readonly Kubernetes client = fixture.Client;

    [Fact]
    public async Task Create_Get_List_Update_Delete_RoundTrip()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("app", ns), ns);

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("Allow", created.Spec.ConcurrencyPolicy); // defaulted like a real server

        var read = await client.BatchV1.ReadNamespacedCronJobAsync("app", ns);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);

        read.Spec.Schedule = "0 4 * * *";
        var updated = await client.BatchV1.ReplaceNamespacedCronJobAsync(read, "app", ns);
        Assert.Equal("0 4 * * *", updated.Spec.Schedule);
        Assert.Equal(2, updated.Metadata.Generation);
        Assert.True(Objects.Rv(updated.Metadata) > Objects.Rv(created.Metadata));

        var list = await client.BatchV1.ListNamespacedCronJobAsync(ns);
        Assert.Equal(["app"], list.Items.Select(i => i.Metadata.Name));

        await client.BatchV1.DeleteNamespacedCronJobAsync("app", ns);
        var (code, body, _) = await Objects.FailureOf(() => client.BatchV1.ReadNamespacedCronJobAsync("app", ns));
        Assert.Equal(404, code);
        Assert.Contains("cronjobs.batch \"app\" not found", body);
    }

    [Fact]
    public async Task Rejects_DuplicateCreate_WithAlreadyExistsStatus()
    {
        var ns = await fixture.NewNamespaceAsync();
        await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("dup", ns), ns);

        var (code, _, status) = await Objects.FailureOf(() => client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("dup", ns), ns));

        Assert.Equal(409, code);
        Assert.Equal("Status", status["kind"]!.ToString());
        Assert.Equal("AlreadyExists", status["reason"]!.ToString());
        Assert.Equal("dup", status["details"]!["name"]!.ToString());
        Assert.Equal("batch", status["details"]!["group"]!.ToString());
    }

    [Fact]
    public async Task Rejects_UpdateWithStaleResourceVersion_AsConflict()
    {
        var ns = await fixture.NewNamespaceAsync();
        var first = await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("rv", ns), ns);
        var stale = await client.BatchV1.ReadNamespacedCronJobAsync("rv", ns);
        first.Spec.Schedule = "1 1 * * *";
        await client.BatchV1.ReplaceNamespacedCronJobAsync(first, "rv", ns);

        stale.Spec.Schedule = "2 2 * * *";
        var (code, body, statusBody) = await Objects.FailureOf(() => client.BatchV1.ReplaceNamespacedCronJobAsync(stale, "rv", ns));

        Assert.Equal(409, code);
        Assert.Equal("Conflict", statusBody["reason"]!.ToString());
        Assert.Contains("the object has been modified", body);
        Assert.Equal("1 1 * * *", (await client.BatchV1.ReadNamespacedCronJobAsync("rv", ns)).Spec.Schedule);
    }

    [Fact]
    public async Task Rejects_CreateInMissingNamespace_WithNotFound()
    {
        var (code, body, _) = await Objects.FailureOf(() => client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("x", "nowhere"), "nowhere"));

        Assert.Equal(404, code);
        Assert.Contains("namespaces \"nowhere\" not found", body);
    }

    [Fact]
    public async Task Rejects_InvalidObjects_With422AndTheField()
    {
        var ns = await fixture.NewNamespaceAsync();
        var longName = new string('a', 53);
        var (code, body, invalid) = await Objects.FailureOf(() => client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob(longName, ns), ns));
        Assert.Equal(422, code);
        Assert.Contains("must be no more than 52 characters", body);
        Assert.Equal("metadata.name", invalid["details"]!["causes"]![0]!["field"]!.ToString());

        var (badCron, cronBody, _) = await Objects.FailureOf(() => client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("bad", ns, schedule: "61 * * * *"), ns));
        Assert.Equal(422, badCron);
        Assert.Contains("spec.schedule", cronBody);

        var badZone = Objects.CronJob("zone", ns);
        badZone.Spec.TimeZone = "Mars/Olympus";
        var (zoneCode, zoneBody, _) = await Objects.FailureOf(() => client.BatchV1.CreateNamespacedCronJobAsync(badZone, ns));
        Assert.Equal(422, zoneCode);
        Assert.Contains("spec.timeZone", zoneBody);

        var badLabel = Objects.CronJob("label", ns, labels: new Dictionary<string, string> { ["app"] = "not valid!" });
        Assert.Equal(422, (await Objects.FailureOf(() => client.BatchV1.CreateNamespacedCronJobAsync(badLabel, ns))).Code);
    }

    [Fact]
    public async Task StatusSubresource_ChangesOnlyStatus_AndMainResourceIgnoresStatus()
    {
        var ns = await fixture.NewNamespaceAsync();
        var job = await client.BatchV1.CreateNamespacedJobAsync(Objects.Job("j", ns), ns);
        Assert.Null(job.Status?.Succeeded);

        job.Status = new V1JobStatus { Succeeded = 1 };
        job.Spec.BackoffLimit = 2; // ignored by the status subresource
        var afterStatus = await client.BatchV1.ReplaceNamespacedJobStatusAsync(job, "j", ns);
        Assert.Equal(1, afterStatus.Status.Succeeded);
        Assert.Equal(6, afterStatus.Spec.BackoffLimit);
        Assert.Equal(1, afterStatus.Metadata.Generation);

        afterStatus.Status.Succeeded = 5; // ignored by the main resource
        afterStatus.Spec.BackoffLimit = 3;
        var afterMain = await client.BatchV1.ReplaceNamespacedJobAsync(afterStatus, "j", ns);
        Assert.Equal(1, afterMain.Status.Succeeded);
        Assert.Equal(3, afterMain.Spec.BackoffLimit);
        Assert.Equal(2, afterMain.Metadata.Generation);
    }

    [Fact]
    public async Task Job_GetsSelectorAndLabels_AndItsTemplateIsImmutable()
    {
        var ns = await fixture.NewNamespaceAsync();
        var job = await client.BatchV1.CreateNamespacedJobAsync(Objects.Job("imm", ns), ns);
        Assert.Equal(job.Metadata.Uid, job.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"]);
        Assert.Equal("imm", job.Spec.Template.Metadata.Labels["job-name"]);

        job.Spec.Template.Spec.Containers[0].Image = "restic/restic:0.18";
        var (code, body, _) = await Objects.FailureOf(() => client.BatchV1.ReplaceNamespacedJobAsync(job, "imm", ns));
        Assert.Equal(422, code);
        Assert.Contains("spec.template", body);
        Assert.Contains("field is immutable", body);

        var apply = Objects.Job("imm", ns, image: "restic/restic:0.18");
        var (applyCode, _, _) = await Objects.FailureOf(() => client.BatchV1.PatchNamespacedJobAsync(new V1Patch(apply, V1Patch.PatchType.ApplyPatch), "imm", ns, fieldManager: "gitops-backup", force: true));
        Assert.Equal(422, applyCode);
    }

    [Fact]
    public async Task SuspendedJob_ThatNeverStarted_MayBePinnedToANode()
    {
        var ns = await fixture.NewNamespaceAsync();
        await client.BatchV1.CreateNamespacedJobAsync(Objects.Job("pin", ns, suspend: true), ns);

        var patch = new V1Patch("""{"spec":{"suspend":false,"template":{"spec":{"nodeSelector":{"kubernetes.io/hostname":"node-a"}}}}}""", V1Patch.PatchType.MergePatch);
        var pinned = await client.BatchV1.PatchNamespacedJobAsync(patch, "pin", ns);

        Assert.Equal("node-a", pinned.Spec.Template.Spec.NodeSelector["kubernetes.io/hostname"]);
        Assert.False(pinned.Spec.Suspend);
    }

    [Fact]
    public async Task NoOpUpdate_KeepsResourceVersion()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob("same", ns), ns);

        var replaced = await client.BatchV1.ReplaceNamespacedCronJobAsync(created, "same", ns);
        var patched = await client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "same", ns);

        Assert.Equal(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Equal(created.Metadata.ResourceVersion, patched.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ClusterScopedObjects_AndSeededState_AreServed()
    {
        fixture.Cluster.State.Seed(new V1Node { ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = "node-a", Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-a" } } });
        fixture.Cluster.State.Seed("""
            apiVersion: storage.k8s.io/v1
            kind: VolumeAttachment
            metadata:
              name: csi-123
            spec:
              attacher: rook-ceph.rbd.csi.ceph.com
              nodeName: node-a
              source:
                persistentVolumeName: pvc-123
            status:
              attached: true
            """);

        var nodes = await client.CoreV1.ListNodeAsync(labelSelector: "kubernetes.io/hostname=node-a");
        var attachment = await client.StorageV1.ReadVolumeAttachmentAsync("csi-123");

        Assert.Single(nodes.Items);
        Assert.Equal("node-a", attachment.Spec.NodeName);
        Assert.True(attachment.Status.Attached);
    }

    [Fact]
    public async Task Events_AndLeases_AreServed_WithGenerateName()
    {
        var ns = await fixture.NewNamespaceAsync();
        var ev = await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { GenerateName = "backup-", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference { Kind = "CronJob", Name = "app", NamespaceProperty = ns },
            Reason = "Applied",
            Message = "applied by gitops-backup",
            Type = "Normal",
        }, ns);
        Assert.StartsWith("backup-", ev.Metadata.Name);

        var found = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.kind=CronJob,involvedObject.name=app");
        Assert.Single(found.Items);

        var lease = await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = "gitops-backup", NamespaceProperty = ns },
            Spec = new V1LeaseSpec { HolderIdentity = "pod-1", LeaseDurationSeconds = 15 },
        }, ns);
        Assert.Equal("pod-1", lease.Spec.HolderIdentity);
    }

    [Fact]
    public async Task List_IsPaginated_WithLimitAndContinue()
    {
        var ns = await fixture.NewNamespaceAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.BatchV1.CreateNamespacedCronJobAsync(Objects.CronJob($"page-{i}", ns), ns);
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.BatchV1.ListNamespacedCronJobAsync(ns, limit: 2, continueParameter: token);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"page-{i}"), names);
    }
}
