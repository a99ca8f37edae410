using System.Diagnostics;
using GitOpsBackup.Cluster;
using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static GitOpsBackup.Tests.Planning.TestObjects;

namespace GitOpsBackup.Tests.Cluster.Contract;

/// <summary>
/// The apply contract (issue 4), run against any <see cref="ContractTarget"/>. Each case works in
/// namespaces of its own and plans only those, so cases never see each other's objects.
/// </summary>
public abstract class ApplyContract(ContractTarget target) : IAsyncLifetime
{
    private static readonly RetryPolicy FastRetry = new() { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..9];
    private readonly HashSet<string> _namespaces = [];
    private readonly List<string> _tempFiles = [];

    private protected ContractTarget Target => target;

    private protected RequestCounter Counter { get; } = new();

    private protected Kubernetes Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = target.NewClient(Counter);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var ns in _namespaces)
        {
            try
            {
                await Client.CoreV1.DeleteNamespaceAsync(ns);
            }
            catch (HttpOperationException)
            {
                // Best effort: the embedded cluster goes away with the fixture anyway.
            }
        }

        Client.Dispose();
        _tempFiles.ForEach(File.Delete);
    }

    /// <summary>A fresh namespace, created in the cluster, that this case alone uses.</summary>
    private protected async Task<string> NamespaceAsync(string name, bool create = true)
    {
        var ns = $"{_prefix}-{name}";
        _namespaces.Add(ns);
        if (create)
        {
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }

        return ns;
    }

    private protected ClusterSync Sync(ApplyOptions? options = null) => new(Client, TimeProvider.System, FastRetry, options, _namespaces);

    private protected async Task<(ChangeSet Plan, ApplyReport Report)> PassAsync(DesiredState desired, PlanOptions? options = null)
    {
        var sync = Sync();
        var plan = await sync.PlanAsync(desired, options ?? PlanOptions.Default);
        return (plan, await sync.ApplyAsync(plan));
    }

    private protected async Task<List<DesiredObject>> AppsAsync(params string[] names)
    {
        var apps = new List<DesiredObject>();
        foreach (var name in names)
        {
            apps.Add(CronJob(await NamespaceAsync(name), name));
        }

        return apps;
    }

    private protected async Task<V1CronJob?> CronJobAsync(string ns, string name)
    {
        try
        {
            return await Client.BatchV1.ReadNamespacedCronJobAsync(name, ns);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private protected static ObjectOutcome OutcomeOf(ApplyReport report, DesiredObject o) =>
        report.Objects.Single(r => r.Change.Target.Namespace == o.Namespace && r.Change.Target.Name == o.Name).Outcome;

    // ---- the cases ----

    protected async Task SuspendedBackupJob_IsPinnedAndUnsuspendedInOneUpdate()
    {
        var app = (await AppsAsync("adm")).Single();
        await PassAsync(State(app));
        var cronJob = (await CronJobAsync(app.Namespace, app.Name))!;
        var job = GitOpsBackup.Reconciling.ManualRun.FromCronJob(cronJob, DateTimeOffset.UtcNow);
        job.Spec.Suspend = true;
        job.Metadata.Labels = new Dictionary<string, string>
        {
            // As the renderer labels every backup Job template (the test CronJob carries none).
            [Ownership.ManagedByLabel] = Ownership.ManagedByValue,
            [Ownership.AppLabel] = app.App!.Name,
            [RenderedLabels.Component] = RenderedLabels.BackupComponent,
        };
        await Client.BatchV1.CreateNamespacedJobAsync(job, app.Namespace);
        var nodes = (await Client.CoreV1.ListNodeAsync()).Items.Where(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).Select(n => n.Metadata.Name).ToList();

        var state = GitOpsBackup.Reconciling.RepoState.FromDesired("contract", State(app));
        using var pass = GitOpsBackup.Reconciling.ReconcilePass.OneShot(state, Client, new GitOpsBackup.Reconciling.PassOptions { Admit = true, Namespaces = _namespaces }, TimeProvider.System,
            live: new GitOpsBackup.Reconciling.LiveReader(Client, TimeProvider.System));
        var outcome = await pass.RunAsync(CancellationToken.None);

        var admitted = await Client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, app.Namespace);
        Assert.Contains($"admit {app.Namespace}/{job.Metadata.Name}", string.Join("; ", outcome.JobWrites), StringComparison.Ordinal);
        Assert.False(admitted.Spec.Suspend);
        Assert.Contains(admitted.Spec.Template.Spec.NodeSelector["kubernetes.io/hostname"], nodes);
        var events = await Client.CoreV1.ListNamespacedEventAsync(app.Namespace);
        Assert.Contains(events.Items, e => e.Reason == "Admitted" && e.InvolvedObject.Name == job.Metadata.Name);
    }

    protected async Task ColdApply_CreatesEveryObject()
    {
        var apps = await AppsAsync("a", "b", "c");

        var (plan, report) = await PassAsync(State([.. apps]));

        Assert.Equal(3, plan.Count(ChangeAction.Create));
        Assert.Equal(3, report.Count(ObjectOutcome.Created));
        foreach (var app in apps)
        {
            var live = await CronJobAsync(app.Namespace, app.Name);
            Assert.NotNull(live);
            Assert.Equal("30 2 * * *", live.Spec.Schedule);
            Assert.Equal(Ownership.ManagedByValue, live.Metadata.Labels[Ownership.ManagedByLabel]);
            Assert.Equal($"HomelabBackup/{app.Namespace}/{app.App!.Name}", live.Metadata.Annotations[Ownership.OwnerAnnotation]);
            Assert.Contains(live.Metadata.ManagedFields, f => f.Manager == Ownership.FieldManager && f.Operation == "Apply");
        }
    }

    protected async Task SecondPass_SendsZeroWrites()
    {
        var apps = await AppsAsync("a", "b");
        await PassAsync(State([.. apps]));
        Counter.Reset();
        target.Embedded?.Requests.Reset();

        var (plan, report) = await PassAsync(State([.. apps.Select(a => CronJob(a.Namespace, a.App!.Name, revision: "r2"))]));

        Assert.False(plan.HasChanges);
        Assert.Equal(2, report.Count(ObjectOutcome.Unchanged));
        Assert.Equal(0, Counter.Writes);
        Assert.Equal(0, Counter.DryRuns);
        Assert.Equal(1, Counter.Reads); // one list of CronJobs, cluster-wide, by label
        if (target.Embedded is { } embedded)
        {
            Assert.Equal(0, embedded.Requests.Writes);
            Assert.Equal(0, embedded.Requests.Count("apply"));
            Assert.Equal(1, embedded.Requests.Count("list", "cronjobs"));
        }
    }

    protected async Task ManualEdit_IsRevertedOnTheNextPass()
    {
        var apps = await AppsAsync("a");
        await PassAsync(State([.. apps]));
        var app = apps[0];
        // A real `kubectl edit`, its editor a sed script that changes the schedule.
        var editor = Path.Combine(Path.GetTempPath(), $"gitops-backup-editor-{Guid.NewGuid():N}.sh");
        File.WriteAllText(editor, "sed -i 's/30 2 /0 5 /' \"$1\"\n");
        _tempFiles.Add(editor);
        KubectlWithEnv(new() { ["KUBE_EDITOR"] = $"sh {editor}" }, "edit", "cronjob", app.Name, "-n", app.Namespace);
        Assert.Equal("0 5 * * *", (await CronJobAsync(app.Namespace, app.Name))!.Spec.Schedule);

        var (plan, report) = await PassAsync(State([.. apps]));

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(new FieldChange("spec.schedule", "\"0 5 * * *\"", "\"30 2 * * *\""), Assert.Single(change.Diff));
        Assert.Equal(ObjectOutcome.Updated, OutcomeOf(report, app));
        Assert.Equal("30 2 * * *", (await CronJobAsync(app.Namespace, app.Name))!.Spec.Schedule);
    }

    protected async Task RemovedApp_IsPruned()
    {
        var apps = await AppsAsync("a", "b", "c");
        await PassAsync(State([.. apps]));

        var (plan, report) = await PassAsync(State(apps[0], apps[1]));

        Assert.Equal(ChangeAction.Delete, Assert.Single(plan.Changes, c => c.Target.Namespace == apps[2].Namespace).Action);
        Assert.Equal(ObjectOutcome.Deleted, OutcomeOf(report, apps[2]));
        Assert.Null(await CronJobAsync(apps[2].Namespace, apps[2].Name));
        Assert.NotNull(await CronJobAsync(apps[0].Namespace, apps[0].Name));
    }

    protected async Task OptOutAnnotation_KeepsPruneAway()
    {
        var apps = await AppsAsync("a", "b", "c");
        await PassAsync(State([.. apps]));
        var patch = $$$$"""{"metadata":{"annotations":{"{{{{Ownership.PruneAnnotation}}}}":"{{{{Ownership.PruneDisabled}}}}"}}}""";
        await Client.BatchV1.PatchNamespacedCronJobAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), apps[2].Name, apps[2].Namespace);

        var (_, report) = await PassAsync(State(apps[0], apps[1]));

        Assert.Equal(ObjectOutcome.Skipped, OutcomeOf(report, apps[2]));
        Assert.NotNull(await CronJobAsync(apps[2].Namespace, apps[2].Name));
    }

    protected async Task MassPrune_IsRefused_UnlessAllowed()
    {
        var apps = await AppsAsync("a", "b", "c");
        await PassAsync(State([.. apps]));

        var (refused, refusedReport) = await PassAsync(State(apps[0]));

        Assert.Contains("prune guard", Assert.Single(refused.Errors), StringComparison.Ordinal);
        Assert.Equal(0, refusedReport.Count(ObjectOutcome.Deleted));
        Assert.NotNull(await CronJobAsync(apps[1].Namespace, apps[1].Name));

        var (_, allowedReport) = await PassAsync(State(apps[0]), new PlanOptions(AllowMassPrune: true));

        Assert.Equal(2, allowedReport.Count(ObjectOutcome.Deleted));
        Assert.Null(await CronJobAsync(apps[1].Namespace, apps[1].Name));
        Assert.Null(await CronJobAsync(apps[2].Namespace, apps[2].Name));
    }

    protected async Task ObjectsWithoutOurLabelAndAnnotation_AreNeverTouched()
    {
        var apps = await AppsAsync("a", "b");
        var foreignNs = await NamespaceAsync("foreign");
        var unlabelled = (V1CronJob)CronJob(foreignNs, "unlabelled").Resource;
        unlabelled.Metadata.Labels.Remove(Ownership.ManagedByLabel);
        var labelOnly = (V1CronJob)CronJob(foreignNs, "label-only").Resource;
        labelOnly.Metadata.Annotations.Remove(Ownership.OwnerAnnotation);
        var created = new[]
        {
            await Client.BatchV1.CreateNamespacedCronJobAsync(unlabelled, foreignNs),
            await Client.BatchV1.CreateNamespacedCronJobAsync(labelOnly, foreignNs),
        };
        await PassAsync(State([.. apps]));

        // Neither is desired: a pass must neither prune nor change them.
        var (plan, _) = await PassAsync(State(apps[0], apps[1]));

        Assert.DoesNotContain(plan.Changes, c => c.Target.Namespace == foreignNs);
        foreach (var before in created)
        {
            var after = await CronJobAsync(foreignNs, before.Metadata.Name);
            Assert.NotNull(after);
            Assert.Equal(before.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        }
    }

    protected async Task SomeoneElsesObjectOfTheSameName_IsNeverTakenOver()
    {
        var apps = await AppsAsync("a", "b");
        var theirs = (V1CronJob)CronJob(apps[1].Namespace, "b", schedule: "15 1 * * *").Resource;
        theirs.Metadata.Labels.Remove(Ownership.ManagedByLabel);
        theirs.Metadata.Annotations.Clear();
        var before = await Client.BatchV1.CreateNamespacedCronJobAsync(theirs, apps[1].Namespace, fieldManager: "someone-else");

        var (plan, report) = await PassAsync(State([.. apps]));

        Assert.Equal(ChangeAction.Create, plan.Changes.Single(c => c.Target.Namespace == apps[1].Namespace).Action);
        Assert.Equal(ObjectOutcome.Created, OutcomeOf(report, apps[0]));
        var refused = report.Objects.Single(r => r.Change.Target.Namespace == apps[1].Namespace);
        Assert.Equal(ObjectOutcome.Failed, refused.Outcome);
        Assert.Contains("someone-else", refused.Message, StringComparison.Ordinal);
        var after = await CronJobAsync(apps[1].Namespace, "backup-b");
        Assert.Equal(before.Metadata.ResourceVersion, after!.Metadata.ResourceVersion);
        Assert.Equal("15 1 * * *", after.Spec.Schedule);
    }

    protected async Task ImmutableField_IsDeletedAndRecreated()
    {
        var ns = await NamespaceAsync("job");
        await PassAsync(State(Job(ns, "clone", "rclone:1")));
        var before = await Client.BatchV1.ReadNamespacedJobAsync("clone", ns);

        var (plan, report) = await PassAsync(State(Job(ns, "clone", "rclone:2")));

        Assert.Equal(ChangeAction.Update, Assert.Single(plan.Changes).Action);
        var result = Assert.Single(report.Objects);
        Assert.Equal(ObjectOutcome.Recreated, result.Outcome);
        var after = await Client.BatchV1.ReadNamespacedJobAsync("clone", ns);
        Assert.NotEqual(before.Metadata.Uid, after.Metadata.Uid);
        Assert.Equal("rclone:2", after.Spec.Template.Spec.Containers[0].Image);
    }

    protected async Task BrokenApp_LiveObjectsAreLeftExactlyAsTheyAre()
    {
        var apps = await AppsAsync("a", "b", "c");
        await PassAsync(State([.. apps]));
        var before = await CronJobAsync(apps[1].Namespace, apps[1].Name);
        var desired = State(apps[0], CronJob(apps[2].Namespace, "c", schedule: "0 4 * * *", specHash: "h2")) with
        {
            BrokenApps = new HashSet<AppKey> { apps[1].App! },
        };

        var (plan, report) = await PassAsync(desired);

        Assert.Equal(ObjectOutcome.Skipped, OutcomeOf(report, apps[1]));
        Assert.Equal(ObjectOutcome.Updated, OutcomeOf(report, apps[2]));
        Assert.Empty(plan.Errors);
        var after = await CronJobAsync(apps[1].Namespace, apps[1].Name);
        Assert.Equal(before!.Metadata.ResourceVersion, after!.Metadata.ResourceVersion);
    }

    protected async Task MissingNamespace_FailsOnlyThatApp()
    {
        var apps = await AppsAsync("a", "c");
        var missing = CronJob(await NamespaceAsync("missing", create: false), "missing");

        var (_, report) = await PassAsync(State(apps[0], missing, apps[1]));

        Assert.Equal(ObjectOutcome.Created, OutcomeOf(report, apps[0]));
        Assert.Equal(ObjectOutcome.Created, OutcomeOf(report, apps[1]));
        var failed = Assert.Single(report.Objects, r => r.Outcome == ObjectOutcome.Failed);
        Assert.Contains("does not create namespaces", failed.Message, StringComparison.Ordinal);
        Assert.Equal(missing.App, Assert.Single(report.FailedApps));
    }

    private protected void Kubectl(params string[] args) => KubectlWithEnv([], args);

    private protected void KubectlWithEnv(Dictionary<string, string> env, params string[] args)
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"gitops-backup-test-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(kubeconfig, target.KubeconfigYaml);
        _tempFiles.Add(kubeconfig);
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        args.ToList().ForEach(start.ArgumentList.Add);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = Path.GetTempPath();
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {stderr}");
        KubectlOutput = stdout.Result;
    }

    private protected string KubectlOutput { get; private set; } = "";
}
