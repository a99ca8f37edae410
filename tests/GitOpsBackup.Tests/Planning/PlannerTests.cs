using System.Text.Json.Nodes;
using GitOpsBackup.Planning;
using GitOpsBackup.Specs.Model;
using static GitOpsBackup.Tests.Planning.TestObjects;

namespace GitOpsBackup.Tests.Planning;

public sealed class PlannerTests
{
    [Fact]
    public void Creates_ObjectNotInCluster()
    {
        var plan = Planner.Plan(State(CronJob("a", "a")), []);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Create, change.Action);
        Assert.Equal(new ObjectRef("batch/v1", "CronJob", "a", "backup-a"), change.Target);
        Assert.NotNull(change.Desired);
        Assert.True(plan.HasChanges);
    }

    [Fact]
    public void Unchanged_WhenLiveHasServerDefaultsStatusAndOtherManagersKeys()
    {
        var desired = CronJob("a", "a");

        var plan = Planner.Plan(State(desired), [Live(desired)]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Unchanged, change.Action);
        Assert.Equal("in sync", change.Reason);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void Unchanged_WhenOnlyTheRevisionAnnotationMoved()
    {
        var plan = Planner.Plan(State(CronJob("a", "a", revision: "r2")), [Live(CronJob("a", "a", revision: "r1"))]);

        var change = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Unchanged, change.Action);
        Assert.Contains("revision", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Updates_WhenScheduleWasEditedInTheCluster()
    {
        var desired = CronJob("a", "a", schedule: "30 2 * * *");
        var live = Live(desired, j => j["spec"]!["schedule"] = "0 5 * * *");

        var change = Assert.Single(Planner.Plan(State(desired), [live]).Changes);

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal("drift: spec.schedule differs", change.Reason);
        var diff = Assert.Single(change.Diff);
        Assert.Equal(new FieldChange("spec.schedule", "\"0 5 * * *\"", "\"30 2 * * *\""), diff);
    }

    [Fact]
    public void Updates_WhenSpecHashChanged_AndShowsTheMovedRevision()
    {
        var desired = CronJob("a", "a", schedule: "0 3 * * *", specHash: "h2", revision: "r2");
        var live = Live(CronJob("a", "a", schedule: "30 2 * * *", specHash: "h1", revision: "r1"));

        var change = Assert.Single(Planner.Plan(State(desired), [live]).Changes);

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal("the spec changed", change.Reason);
        Assert.Equal(
            ["metadata.annotations['backup.homelab.dev/spec-hash']", "spec.schedule", "metadata.annotations['backup.homelab.dev/revision']"],
            change.Diff.Select(d => d.Path));
    }

    [Fact]
    public void Updates_WhenAnAnnotationWeSetWasRemoved()
    {
        var desired = CronJob("a", "a");
        var live = Live(desired, j => ((JsonObject)j["metadata"]!["annotations"]!).Remove(Ownership.SourcePathAnnotation));

        var change = Assert.Single(Planner.Plan(State(desired), [live]).Changes);

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal(new FieldChange("metadata.annotations['backup.homelab.dev/source-path']", null, "\"apps/a/backup.yaml\""), Assert.Single(change.Diff));
    }

    [Fact]
    public void Updates_WhenAListElementDiffers_NamingTheElement()
    {
        var desired = CronJob("a", "a", image: "restic:2");
        var live = Live(CronJob("a", "a", image: "restic:1"));

        var change = Assert.Single(Planner.Plan(State(desired), [live]).Changes);

        Assert.Equal("spec.jobTemplate.spec.template.spec.containers[backup].image", Assert.Single(change.Diff).Path);
    }

    [Fact]
    public void Updates_WhenAListGotAnExtraElement()
    {
        var desired = CronJob("a", "a");
        var live = Live(desired, j => ((JsonArray)j["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!)
            .Add(new JsonObject { ["name"] = "EXTRA", ["value"] = "x" }));

        var change = Assert.Single(Planner.Plan(State(desired), [live]).Changes);

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal("spec.jobTemplate.spec.template.spec.containers[backup].env", Assert.Single(change.Diff).Path);
    }

    [Fact]
    public void Unchanged_WhenTheServerDroppedAnEmptyListMapOrString()
    {
        var desired = CronJob("a", "a");
        var container = ((k8s.Models.V1CronJob)desired.Resource).Spec.JobTemplate.Spec.Template.Spec.Containers[0];
        container.Args = [];
        container.WorkingDir = "";
        ((k8s.Models.V1CronJob)desired.Resource).Spec.JobTemplate.Spec.Template.Spec.NodeSelector = new Dictionary<string, string>();

        var change = Assert.Single(Planner.Plan(State(desired), [Live(CronJob("a", "a"))]).Changes);

        Assert.Equal(ChangeAction.Unchanged, change.Action);
    }

    [Fact]
    public void Updates_WhenAFalseWeSetWentMissing()
    {
        var desired = CronJob("a", "a");
        ((k8s.Models.V1CronJob)desired.Resource).Spec.JobTemplate.Spec.Template.Spec.AutomountServiceAccountToken = false;

        var change = Assert.Single(Planner.Plan(State(desired), [Live(CronJob("a", "a"))]).Changes);

        Assert.Equal(ChangeAction.Update, change.Action);
        Assert.Equal("spec.jobTemplate.spec.template.spec.automountServiceAccountToken", Assert.Single(change.Diff).Path);
    }

    [Theory]
    [InlineData("1Gi", "1Gi", true)]
    [InlineData("1024Mi", "1Gi", true)]
    [InlineData("1073741824", "1Gi", true)]
    [InlineData("2Gi", "1Gi", false)]
    public void Compares_QuantitiesByValue(string live, string desired, bool same)
    {
        var wanted = CronJob("a", "a");
        var container = ((k8s.Models.V1CronJob)wanted.Resource).Spec.JobTemplate.Spec.Template.Spec.Containers[0];
        container.Resources.Limits["memory"] = new k8s.Models.ResourceQuantity(desired);
        var have = Live(wanted, j => j["spec"]!["jobTemplate"]!["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["memory"] = live);

        var change = Assert.Single(Planner.Plan(State(wanted), [have]).Changes);

        Assert.Equal(same ? ChangeAction.Unchanged : ChangeAction.Update, change.Action);
    }

    [Fact]
    public void Deletes_OwnedObjectNoLongerInTheRepo()
    {
        var keep = CronJob("a", "a");
        var gone = CronJob("b", "b");
        var other = CronJob("c", "c");

        var plan = Planner.Plan(State(keep, other), [Live(keep), Live(gone), Live(other)]);

        var delete = Assert.Single(plan.Changes, c => c.Action == ChangeAction.Delete);
        Assert.Equal("b", delete.Target.Namespace);
        Assert.Equal(new AppKey("b", "b"), delete.App);
        Assert.Equal("no longer in the repo", delete.Reason);
        Assert.Empty(plan.Errors);
    }

    public static TheoryData<string, Action<JsonObject>> NotOurs => new()
    {
        { "no owner annotation", j => ((JsonObject)j["metadata"]!["annotations"]!).Remove(Ownership.OwnerAnnotation) },
        { "no managed-by label", j => ((JsonObject)j["metadata"]!["labels"]!).Remove(Ownership.ManagedByLabel) },
        { "someone else's managed-by", j => j["metadata"]!["labels"]![Ownership.ManagedByLabel] = "Helm" },
        { "a Job our CronJob created", j => j["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "CronJob", ["name"] = "x", ["controller"] = true }) },
    };

    [Theory]
    [MemberData(nameof(NotOurs))]
    public void NeverDeletes_ObjectsThatAreNotOurs(string why, Action<JsonObject> edit)
    {
        var plan = Planner.Plan(State(CronJob("keep", "keep")), [Live(CronJob("keep", "keep")), Live(CronJob("x", "x"), edit)]);

        Assert.True(plan.Changes.All(c => c.Target.Namespace != "x"), why);
    }

    [Fact]
    public void NeverUpdates_ADesiredObjectThatExistsWithoutOurOwnerAnnotation()
    {
        var desired = CronJob("a", "a");
        var live = Live(desired, j => ((JsonObject)j["metadata"]!["annotations"]!).Remove(Ownership.OwnerAnnotation));

        var change = Assert.Single(Planner.Plan(State(desired), [live]).Changes);

        Assert.Equal(ChangeAction.Skip, change.Action);
        Assert.Contains("not ours", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Skips_PruneOfObjectMarkedWithTheOptOutAnnotation()
    {
        var gone = Live(CronJob("b", "b"), j => j["metadata"]!["annotations"]![Ownership.PruneAnnotation] = Ownership.PruneDisabled);

        var plan = Planner.Plan(State(CronJob("a", "a"), CronJob("c", "c")), [Live(CronJob("a", "a")), Live(CronJob("c", "c")), gone]);

        var skip = Assert.Single(plan.Changes, c => c.Target.Namespace == "b");
        Assert.Equal(ChangeAction.Skip, skip.Action);
        Assert.Equal("no longer in the repo, but backup.homelab.dev/prune: disabled", skip.Reason);
    }

    [Fact]
    public void LeavesBrokenAppsLiveObjectsAlone_NeitherUpdatedNorPruned()
    {
        var broken = new AppKey("b", "b");
        var renderedAnyway = CronJob("b", "b", schedule: "0 9 * * *");
        var desired = State(CronJob("a", "a"), renderedAnyway) with { BrokenApps = new HashSet<AppKey> { broken, new("d", "d") } };
        var live = new[] { Live(CronJob("a", "a")), Live(CronJob("b", "b")), Live(CronJob("d", "d")) };

        var plan = Planner.Plan(desired, live);

        Assert.Equal(ChangeAction.Skip, plan.Changes.Single(c => c.App == broken).Action);
        Assert.Equal(ChangeAction.Skip, plan.Changes.Single(c => c.App == new AppKey("d", "d")).Action);
        Assert.All(plan.Changes.Where(c => c.Action == ChangeAction.Skip), c => Assert.Equal("the app's spec has errors: left as it is", c.Reason));
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void LeavesObjectsFromASpecFileWithErrorsAlone_EvenWhenTheAppCannotBeTold()
    {
        var desired = State(CronJob("a", "a"), CronJob("c", "c")) with { FilesWithErrors = new HashSet<string> { "apps/b/backup.yaml" } };

        var plan = Planner.Plan(desired, [Live(CronJob("a", "a")), Live(CronJob("b", "b")), Live(CronJob("c", "c"))]);

        Assert.Equal(ChangeAction.Skip, plan.Changes.Single(c => c.Target.Namespace == "b").Action);
    }

    [Theory]
    // managed apps, apps removed, allow, max share, refused
    [InlineData(1, 1, false, 0.5, true)]   // the only app: "delete everything"
    [InlineData(4, 4, false, 0.5, true)]   // all
    [InlineData(4, 3, false, 0.5, true)]   // 75% > 50%
    [InlineData(4, 2, false, 0.5, false)]  // 50% is allowed
    [InlineData(4, 1, false, 0.5, false)]
    [InlineData(10, 2, false, 0.1, true)]  // a stricter share
    [InlineData(4, 4, true, 0.5, false)]   // --allow-mass-prune
    [InlineData(4, 3, true, 0.5, false)]
    public void PruneGuard_RefusesMassDeletesUnlessAllowed(int managed, int removed, bool allow, double share, bool refused)
    {
        var apps = Enumerable.Range(0, managed).Select(i => CronJob($"ns{i}", $"app{i}")).ToList();
        var desired = State([.. apps.Skip(removed)]);

        var plan = Planner.Plan(desired, apps.Select(a => Live(a)).ToList(), new PlanOptions(allow, share));

        Assert.Equal(refused ? 0 : removed, plan.Count(ChangeAction.Delete));
        Assert.Equal(refused ? removed : 0, plan.Count(ChangeAction.Skip));
        Assert.Equal(refused, plan.Errors.Count == 1);
        if (refused)
        {
            Assert.All(plan.Changes.Where(c => c.Action == ChangeAction.Skip), c => Assert.StartsWith("prune guard: this pass would delete", c.Reason, StringComparison.Ordinal));
            Assert.Contains("--allow-mass-prune", plan.Errors[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PruneGuard_CountsApps_NotObjects()
    {
        // One app with two objects of which one is renamed away: no app is removed, nothing to guard.
        var a = CronJob("a", "a");
        var oldName = Live(CronJob("a", "a"), j => j["metadata"]!["name"] = "backup-a-old");

        var plan = Planner.Plan(State(a), [Live(a), oldName]);

        Assert.Equal(1, plan.Count(ChangeAction.Delete));
        Assert.Empty(plan.Errors);
    }

    [Fact]
    public void OrdersChangesByNamespaceKindName()
    {
        var plan = Planner.Plan(State(CronJob("z", "z"), CronJob("a", "a"), CronJob("m", "m")), []);

        Assert.Equal(["a", "m", "z"], plan.Changes.Select(c => c.Target.Namespace));
    }

    [Fact]
    public void ReportsAnObjectRenderedTwice()
    {
        var plan = Planner.Plan(State(CronJob("a", "a"), CronJob("a", "a")), []);

        Assert.Single(plan.Changes);
        Assert.Contains("rendered twice", Assert.Single(plan.Errors), StringComparison.Ordinal);
    }
}
