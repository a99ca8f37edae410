using System.Diagnostics;
using GitOpsBackup.Cluster;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Planning;
using k8s;
using static GitOpsBackup.Tests.Planning.TestObjects;

namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>The apply contract against the embedded cluster, plus what only it can do: faults and a server-side request log.</summary>
public sealed class EmbeddedClusterContractTests(EmbeddedTarget target) : ApplyContract(target), IClassFixture<EmbeddedTarget>
{
    private EmbeddedKubernetes Embedded => Target.Embedded!;

    [Fact]
    public Task ColdApply_Creates() => ColdApply_CreatesEveryObject();

    [Fact]
    public Task Admission_PinsAndUnsuspends()
    {
        // The embedded cluster starts without nodes unless it simulates; a real one has its own.
        Embedded.State.Seed(new k8s.Models.V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new k8s.Models.V1ObjectMeta { Name = "contract-node", Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "contract-node" } },
            Status = new k8s.Models.V1NodeStatus { Conditions = [new k8s.Models.V1NodeCondition { Type = "Ready", Status = "True" }] },
        });
        return SuspendedBackupJob_IsPinnedAndUnsuspendedInOneUpdate();
    }

    [Fact]
    public Task SecondPass_NoChanges_ZeroWritesInTheRequestLog() => SecondPass_SendsZeroWrites();

    [Fact]
    public Task KubectlEdit_IsReverted() => ManualEdit_IsRevertedOnTheNextPass();

    [Fact]
    public Task Prune_RemovedApp() => RemovedApp_IsPruned();

    [Fact]
    public Task Prune_OptOutRespected() => OptOutAnnotation_KeepsPruneAway();

    [Fact]
    public Task PruneGuard_RefusesAndAllowMassPruneOverrides() => MassPrune_IsRefused_UnlessAllowed();

    [Fact]
    public Task Unowned_NeverTouched() => ObjectsWithoutOurLabelAndAnnotation_AreNeverTouched();

    [Fact]
    public Task SameNameNotOurs_NeverTakenOver() => SomeoneElsesObjectOfTheSameName_IsNeverTakenOver();

    [Fact]
    public Task ImmutableField_DeleteAndRecreate() => ImmutableField_IsDeletedAndRecreated();

    [Fact]
    public Task BrokenApp_Untouched() => BrokenApp_LiveObjectsAreLeftExactlyAsTheyAre();

    [Fact]
    public Task MissingNamespace_IsAPerAppFailure() => MissingNamespace_FailsOnlyThatApp();

    [Fact]
    public async Task Kubectl_ListsAndDeletesOurCronJobs_AndTheNextPassRecreates()
    {
        var apps = await AppsAsync("a", "b");
        await PassAsync(State([.. apps]));

        Kubectl("get", "cronjobs", "-A", "-l", $"{Ownership.ManagedByLabel}={Ownership.ManagedByValue}", "-o", "name");
        Assert.Contains("cronjob.batch/backup-a", KubectlOutput, StringComparison.Ordinal);
        Assert.Contains("cronjob.batch/backup-b", KubectlOutput, StringComparison.Ordinal);
        Kubectl("delete", "cronjob", "backup-a", "-n", apps[0].Namespace);

        var (plan, report) = await PassAsync(State([.. apps]));

        Assert.Equal(ChangeAction.Create, plan.Changes.Single(c => c.Target.Name == "backup-a").Action);
        Assert.Equal(ObjectOutcome.Created, OutcomeOf(report, apps[0]));
    }

    [Fact]
    public async Task Conflict_IsRetried_ThenSucceeds()
    {
        var apps = await AppsAsync("a");
        Embedded.Faults.Add(new FaultRule { StatusCode = 409, Verb = "apply", Namespace = apps[0].Namespace, Times = 2 });

        var (_, report) = await PassAsync(State([.. apps]));

        Assert.Equal(ObjectOutcome.Created, OutcomeOf(report, apps[0]));
        Assert.Equal(2, Embedded.Requests.Entries.Count(e => e.Namespace == apps[0].Namespace && e.StatusCode == 409));
    }

    [Fact]
    public async Task ServerErrorsAndTooManyRequests_AreRetried_HonouringRetryAfter()
    {
        var apps = await AppsAsync("a", "b");
        Embedded.Faults.Add(new FaultRule { StatusCode = 503, Verb = "apply", Namespace = apps[0].Namespace, Times = 2 });
        Embedded.Faults.Add(new FaultRule { StatusCode = 429, Verb = "apply", Namespace = apps[1].Namespace, Times = 1, RetryAfterSeconds = 1 });
        var clock = Stopwatch.StartNew();

        var (_, report) = await PassAsync(State([.. apps]));

        Assert.Equal(2, report.Count(ObjectOutcome.Created));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retry-After: 1 was not honoured ({clock.Elapsed})");
    }

    [Fact]
    public async Task RetriesAreBounded_AndTheFailureIsReported()
    {
        var apps = await AppsAsync("a");
        Embedded.Faults.Add(new FaultRule { StatusCode = 500, Verb = "apply", Namespace = apps[0].Namespace, Times = null });

        var (_, report) = await PassAsync(State([.. apps]));

        var failed = Assert.Single(report.Objects);
        Assert.Equal(ObjectOutcome.Failed, failed.Outcome);
        Assert.Contains("500", failed.Message, StringComparison.Ordinal);
        Assert.Equal(4, Embedded.Requests.Entries.Count(e => e.Namespace == apps[0].Namespace && e.Verb == "apply"));
    }

    [Fact]
    public async Task OneAppsFailure_NeverBlocksTheOthers()
    {
        var apps = await AppsAsync("a", "b", "c");
        Embedded.Faults.Add(new FaultRule { StatusCode = 500, Verb = "apply", Namespace = apps[1].Namespace, Times = null });

        var (_, report) = await PassAsync(State([.. apps]));

        Assert.Equal(ObjectOutcome.Created, OutcomeOf(report, apps[0]));
        Assert.Equal(ObjectOutcome.Failed, OutcomeOf(report, apps[1]));
        Assert.Equal(ObjectOutcome.Created, OutcomeOf(report, apps[2]));
        Assert.Equal(apps[1].App, Assert.Single(report.FailedApps));
        Assert.Null(await CronJobAsync(apps[1].Namespace, apps[1].Name));
    }

    [Fact]
    public async Task AnApp_IsAllOrNothing_WhenOneObjectFailsItsDryRun()
    {
        var ns = await NamespaceAsync("pair");
        var cronJob = CronJob(ns, "clone");
        var job = Job(ns, "clone-now", "rclone:1");
        Embedded.Faults.Add(new FaultRule { StatusCode = 422, Verb = "apply", Resource = "jobs", Namespace = ns, Times = 1 });

        var (_, report) = await PassAsync(State(cronJob, job));

        Assert.All(report.Objects, r => Assert.Equal(ObjectOutcome.Failed, r.Outcome));
        Assert.Null(await CronJobAsync(ns, cronJob.Name));
        Assert.Contains(report.Objects, r => r.Message.StartsWith("dry-run failed, nothing of app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ColdPass_SendsOneWritePerObject_AndNoDryRunForASingleObjectApp()
    {
        var apps = await AppsAsync("c1", "c2", "c3");
        Embedded.Requests.Reset();

        var (_, report) = await PassAsync(State([.. apps]));

        var ours = Embedded.Requests.Entries.Where(e => apps.Any(a => a.Namespace == e.Namespace)).ToList();
        Assert.Equal(3, report.Count(ObjectOutcome.Created));
        Assert.Equal(3, ours.Count(e => e.IsWrite));
        Assert.Equal(3, ours.Count(e => e.IsWrite && e.Verb == "apply"));
        Assert.DoesNotContain(ours, e => e.DryRun);

        // Reads: the labelled list the plan compares with, and one list of what exists without our label (creates only).
        Assert.Equal(2, Embedded.Requests.Count("list", "cronjobs"));
    }

    [Fact]
    public async Task MultiObjectApp_DryRunsAllButItsFirstWrite()
    {
        var ns = await NamespaceAsync("multi");
        Embedded.Requests.Reset();

        var (_, report) = await PassAsync(State(CronJob(ns, "clone"), Job(ns, "clone-now", "rclone:1")));

        var ours = Embedded.Requests.Entries.Where(e => e.Namespace == ns).ToList();
        Assert.Equal(2, report.Count(ObjectOutcome.Created));
        Assert.Equal(2, ours.Count(e => e.IsWrite));
        Assert.Equal("jobs", Assert.Single(ours, e => e.DryRun).Resource);
    }

    [Fact]
    public async Task AnApp_IsAllOrNothing_WhenItsFirstWriteFails()
    {
        var ns = await NamespaceAsync("first");
        var cronJob = CronJob(ns, "clone");
        var job = Job(ns, "clone-now", "rclone:1");
        Embedded.Faults.Add(new FaultRule { StatusCode = 422, Verb = "apply", Resource = "cronjobs", Namespace = ns, Times = 1 });

        var (_, report) = await PassAsync(State(cronJob, job));

        Assert.All(report.Objects, r => Assert.Equal(ObjectOutcome.Failed, r.Outcome));
        Assert.Null(await CronJobAsync(ns, cronJob.Name));
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => Client.BatchV1.ReadNamespacedJobAsync(job.Name, ns));
        Assert.Contains(report.Objects, r => r.Message.StartsWith("nothing of app", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SomeoneElsesObject_IsRefusedWithoutADryRunOrAWrite()
    {
        var apps = await AppsAsync("mine", "theirs");
        var theirs = (k8s.Models.V1CronJob)CronJob(apps[1].Namespace, "theirs").Resource;
        theirs.Metadata.Labels.Remove(Ownership.ManagedByLabel);
        theirs.Metadata.Annotations.Clear();
        await Client.BatchV1.CreateNamespacedCronJobAsync(theirs, apps[1].Namespace, fieldManager: "helm");
        Embedded.Requests.Reset();

        var (_, report) = await PassAsync(State([.. apps]));

        var refused = report.Objects.Single(r => r.Change.Target.Namespace == apps[1].Namespace);
        Assert.Equal(ObjectOutcome.Failed, refused.Outcome);
        Assert.Contains("managed by helm", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ObjectOutcome.Created, OutcomeOf(report, apps[0]));
        Assert.DoesNotContain(Embedded.Requests.Entries, e => e.Namespace == apps[1].Namespace && (e.IsWrite || e.DryRun));
    }

    [Fact]
    public async Task FailedDelete_IsRetriedOnTheNextPass()
    {
        var apps = await AppsAsync("a", "b", "c");
        await PassAsync(State([.. apps]));
        Embedded.Faults.Add(new FaultRule { StatusCode = 500, Verb = "delete", Namespace = apps[2].Namespace, Times = null });

        var (_, failedPass) = await PassAsync(State(apps[0], apps[1]));

        Assert.Equal(ObjectOutcome.Failed, OutcomeOf(failedPass, apps[2]));
        Assert.NotNull(await CronJobAsync(apps[2].Namespace, apps[2].Name));
        Embedded.Faults.Clear();

        var (plan, retried) = await PassAsync(State(apps[0], apps[1]));

        Assert.Equal(ChangeAction.Delete, plan.Changes.Single(c => c.Target.Namespace == apps[2].Namespace).Action);
        Assert.Equal(ObjectOutcome.Deleted, OutcomeOf(retried, apps[2]));
        Assert.Null(await CronJobAsync(apps[2].Namespace, apps[2].Name));
    }

    [Fact]
    public async Task Errors_NeverCarryTheBearerTokenOrARequestBody()
    {
        const string Token = "sekrit-bearer-token-4711";
        var kubeconfig = EmbeddedTarget.Kubeconfig(Embedded.BaseAddress, Token);
        var ns = await NamespaceAsync("secret");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(kubeconfig));
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
        var sync = new ClusterSync(client, TimeProvider.System, new RetryPolicy { MaxAttempts = 1 }, namespaces: new HashSet<string> { ns });
        var desired = CronJob(ns, "secret");

        Embedded.Faults.Add(new FaultRule { StatusCode = 500, Verb = "apply", Namespace = ns, Times = null });
        var report = await sync.ApplyAsync(await sync.PlanAsync(State(desired), PlanOptions.Default));
        Embedded.Faults.Add(new FaultRule { StatusCode = 401, Verb = "list", Resource = "cronjobs", Times = 1 });
        var listError = await Assert.ThrowsAsync<ClusterApiException>(() => sync.PlanAsync(State(desired), PlanOptions.Default));

        var texts = report.Objects.Select(o => o.Message).Append(listError.ToString()).ToList();
        Assert.Contains(texts, t => t.Contains("500", StringComparison.Ordinal));
        Assert.Contains("401", listError.Message, StringComparison.Ordinal);
        Assert.All(texts, t => Assert.DoesNotContain(Token, t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("s3:https://s3.lan", t, StringComparison.Ordinal)); // nothing of the request body
    }
}
