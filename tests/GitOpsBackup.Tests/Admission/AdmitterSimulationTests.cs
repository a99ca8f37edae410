using GitOpsBackup.Admission;
using static GitOpsBackup.Tests.Admission.AdmissionFixtures;

namespace GitOpsBackup.Tests.Admission;

/// <summary>
/// Many random nights, each pass's plan carried out the way the pass would: the per-node limit and
/// one-run-per-app hold at every step, an unchanged world needs no writes, and no Job starves.
/// </summary>
public sealed class AdmitterSimulationTests
{
    private static readonly string[] NodeNames = ["node-1", "node-2", "node-3"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomArrivalsAndFinishes_KeepTheLimit_AndEveryJobIsEventuallyAdmitted(int limit)
    {
        var random = new Random(42);
        var options = new AdmissionOptions { MaxBackupsPerNode = limit };

        // 12 apps: ten with a volume attached to a node (spread), two that mount nothing.
        var apps = Enumerable.Range(0, 12).Select(i => $"app{i:00}").ToList();
        var homes = apps.Take(10).Select((app, i) => (App: app, Node: NodeNames[i % 3])).ToArray();
        var home = homes.ToDictionary(h => h.App, h => h.Node);
        var jobs = new List<BackupJob>();
        var created = new List<string>();
        var admitted = new HashSet<string>();
        var replacedBy = new Dictionary<string, string>();
        var waitedForNode = 0;
        var now = Night;

        for (var step = 0; step < 600; step++)
        {
            now = now.AddMinutes(1);

            // node-2 drops out for a while: its Jobs wait, they are not lost.
            var nodes = NodeNames.Select(n => new NodeFact(n, Ready: n != "node-2" || step is < 100 or > 140)).ToList();
            var facts = Attached(nodes, homes);

            // Runs end at random; arrivals stop halfway so the queue must drain.
            jobs.RemoveAll(j => j.State == BackupJobState.Running && random.NextDouble() < 0.25);
            foreach (var app in apps.Where(_ => step < 300 && random.NextDouble() < 0.04))
            {
                var job = Job(app, step + 1, name: $"backup-{app}-{step}", claims: home.ContainsKey(app) ? [$"{app}-data"] : []);
                jobs.Add(job);
                created.Add(job.Key);
            }

            var plan = Admitter.Decide(jobs, facts, options, now);
            Assert.Empty(plan.Actions.OfType<Unplaceable>());
            Assert.All(plan.Actions.OfType<Admit>(), a => Assert.True(!home.TryGetValue(a.Job.App, out var n) || n == a.Node, $"{a.Job.Key} admitted to {a.Node}"));
            waitedForNode += plan.Actions.OfType<Wait>().Count(w => w.Node is not null);
            CarryOut(plan, jobs, admitted, replacedBy);

            var running = jobs.Where(j => j.State == BackupJobState.Running).ToList();
            Assert.All(running.GroupBy(j => j.Node), g => Assert.True(g.Count() <= limit, $"step {step}: {g.Key} runs {g.Count()}"));
            Assert.All(running.GroupBy(j => j.AppKey), g => Assert.Single(g));

            // Level-triggered: deciding again on the world the plan left behind writes nothing.
            Assert.False(Admitter.Decide(jobs, facts, options, now).HasChanges, $"step {step}: a second pass wants to write");
        }

        Assert.DoesNotContain(jobs, j => j.State == BackupJobState.Waiting);
        // The night was busy enough to matter: Jobs queued for nodes and piled up behind their app.
        Assert.True(created.Count > 100, $"only {created.Count} jobs arrived");
        Assert.True(waitedForNode > 50, $"only {waitedForNode} waits for a node");
        Assert.NotEmpty(replacedBy);
        Assert.All(created, key => Assert.Contains(FinalSuccessor(key, replacedBy), admitted));
    }

    /// <summary>What the pass does with a plan, on the in-memory list of Jobs.</summary>
    private static void CarryOut(AdmissionPlan plan, List<BackupJob> jobs, HashSet<string> admitted, Dictionary<string, string> replacedBy)
    {
        foreach (var action in plan.Changes)
        {
            var index = jobs.FindIndex(j => j.Key == action.Job.Key);
            switch (action)
            {
                case Admit admit:
                    jobs[index] = action.Job with { State = BackupJobState.Running, Node = admit.Node, WaitReason = null, Outcome = null };
                    admitted.Add(action.Job.Key);
                    break;
                case Replace replace:
                    jobs.RemoveAt(index);
                    replacedBy[action.Job.Key] = replace.By.Key;
                    break;
                case Wait wait:
                    jobs[index] = action.Job with { Node = wait.Node, WaitReason = wait.Reason, Outcome = null };
                    break;
                case Unplaceable:
                    jobs[index] = action.Job with { Outcome = JobOutcome.Unplaceable, WaitReason = action.Reason };
                    break;
            }
        }
    }

    private static string FinalSuccessor(string key, Dictionary<string, string> replacedBy)
    {
        while (replacedBy.TryGetValue(key, out var newer))
        {
            key = newer;
        }

        return key;
    }
}
