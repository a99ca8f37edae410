using GitOpsBackup.Reconciling;
using GitOpsBackup.Specs;
using GitOpsBackup.Tests.Fixtures;
using GitOpsBackup.Tests.Reconciling;
using GitOpsBackup.Tests.Specs;

namespace GitOpsBackup.Tests.Reliability;

/// <summary>
/// The config repo the campaign changes: a pool of apps (app-1…app-N, each in its own namespace with
/// one PVC), some declared at a time, pushed to a real bare repository served by <c>git daemon</c>.
/// Knows, for every version it pushed, the CronJobs that version declares and the plan's desired state.
/// </summary>
internal sealed class CampaignRepo
{
    private readonly string _work;
    private readonly Random _random;
    private readonly SortedDictionary<string, string> _schedules = new(StringComparer.Ordinal);
    private int _rewrites;

    public CampaignRepo(string baseDirectory, string name, int pool, Random random)
    {
        _random = random;
        Git = new GitTestRepo(baseDirectory, name);
        _work = Path.Combine(baseDirectory, "work-" + name);
        Pool = [.. Enumerable.Range(1, pool).Select(i => $"app-{i}")];
    }

    public GitTestRepo Git { get; }

    public IReadOnlyList<string> Pool { get; }

    public IReadOnlyCollection<string> Declared => _schedules.Keys;

    public string CommitId { get; private set; } = "";

    /// <summary>The desired state of the pushed head, as the reconciler derives it (same loader, same renderer).</summary>
    public RepoState State { get; private set; } = null!;

    /// <summary>Namespace/name of every CronJob the pushed head declares.</summary>
    public IReadOnlySet<string> DeclaredCronJobs { get; private set; } = new HashSet<string>();

    /// <summary>
    /// CronJobs some version pushed since <see cref="Settle"/> did not declare: a reconciler still on that
    /// version deletes them rightly, even if a later push (removed then added back) declares them again.
    /// </summary>
    public IReadOnlySet<string> UndeclaredSinceSettled => _undeclared;

    private readonly HashSet<string> _undeclared = new(StringComparer.Ordinal);

    /// <summary>The cluster converged to the head: older versions no longer justify a delete.</summary>
    public void Settle() => _undeclared.Clear();

    /// <summary>The first version: the first <paramref name="declared"/> apps of the pool.</summary>
    public void Init(int declared)
    {
        foreach (var app in Pool.Take(declared))
        {
            _schedules[app] = NightSchedule();
        }

        Push("initial");
    }

    /// <summary>A reviewed change: one to three apps get a new schedule, an app is added, or one is removed.</summary>
    public string Change()
    {
        var absent = Pool.Except(_schedules.Keys).ToList();
        var roll = _random.Next(3);
        string what;
        if ((roll == 0 && absent.Count > 0) || _schedules.Count <= 2)
        {
            var app = absent[_random.Next(absent.Count)];
            _schedules[app] = NightSchedule();
            what = $"add {app}";
        }
        else if (roll == 1 && _schedules.Count > 2)
        {
            what = $"remove {RemoveOne()}";
        }
        else
        {
            var apps = _schedules.Keys.OrderBy(_ => _random.Next()).Take(1 + _random.Next(Math.Min(3, _schedules.Count))).ToList();
            apps.ForEach(a => _schedules[a] = NightSchedule());
            what = $"reschedule {string.Join(",", apps)}";
        }

        Push(what);
        return what;
    }

    /// <summary>New schedules for at least two apps: a change whose apply writes several CronJobs (a kill can land between them).</summary>
    public string RescheduleSeveral()
    {
        var apps = _schedules.Keys.Take(Math.Max(2, _schedules.Count / 2)).ToList();
        apps.ForEach(a => _schedules[a] = NightSchedule());
        Push("reschedule " + string.Join(",", apps));
        return "reschedule " + string.Join(",", apps);
    }

    /// <summary>Removes apps (keeping two): a change whose pass prunes; adds one back when only two are left.</summary>
    public string RemoveSome()
    {
        if (_schedules.Count <= 2)
        {
            return Change();
        }

        var removed = new List<string> { RemoveOne() };
        if (_schedules.Count > 3)
        {
            removed.Add(RemoveOne());
        }

        Push("remove " + string.Join(",", removed));
        return "remove " + string.Join(",", removed);
    }

    /// <summary>History rewritten: a new root commit force-pushed over main, with the same tree or with one app rescheduled.</summary>
    public string ForcePush(bool sameContent)
    {
        if (!sameContent)
        {
            var app = _schedules.Keys.ElementAt(_random.Next(_schedules.Count));
            _schedules[app] = NightSchedule();
        }

        var branch = $"rewrite-{++_rewrites}";
        GitCli.Run(_work, "checkout", "-q", "--orphan", branch);
        GitCli.Run(_work, "rm", "-rq", "--cached", ".");
        Directory.Delete(Path.Combine(_work, "apps"), recursive: true);
        Directory.Delete(Path.Combine(_work, "infrastructure"), recursive: true);
        Write();
        GitCli.Run(_work, "add", "-A");
        GitCli.Run(_work, "commit", "-q", "-m", "rewritten");
        GitCli.Run(_work, "push", "-q", "--force", "origin", "HEAD:refs/heads/main");
        Derive(GitCli.Run(_work, "rev-parse", "HEAD"));
        return sameContent ? "force-push, same tree" : "force-push, new content";
    }

    private string RemoveOne()
    {
        var app = _schedules.Keys.ElementAt(_random.Next(_schedules.Count));
        _schedules.Remove(app);
        return app;
    }

    /// <summary>Backups fire between 00:00 and 03:59, so the night's clone follows them.</summary>
    private string NightSchedule() => $"{_random.Next(60)} {_random.Next(4)} * * *";

    private void Push(string message)
    {
        var files = Files();
        foreach (var stale in Directory.Exists(Path.Combine(_work, "apps")) ? Directory.GetDirectories(Path.Combine(_work, "apps")) : [])
        {
            Directory.Delete(stale, recursive: true); // a removed app's folder goes
        }

        Derive(Git.Commit(files.ToDictionary(f => f.Key, f => (string?)f.Value), message));
    }

    private void Write()
    {
        foreach (var (path, content) in Files())
        {
            var full = Path.Combine(_work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
    }

    private InMemoryRepoTree Tree()
    {
        var tree = new InMemoryRepoTree().Defaults().Clone(latest: "05:00");
        foreach (var (app, schedule) in _schedules)
        {
            tree.App(app, app, schedule);
        }

        return tree;
    }

    private Dictionary<string, string> Files() =>
        Tree().EnumerateFiles().ToDictionary(f => f.Path, f => System.Text.Encoding.UTF8.GetString(f.ReadAllBytes()), StringComparer.Ordinal);

    private void Derive(string commitId)
    {
        CommitId = commitId;
        State = RepoState.Load(new SpecLoader(), Tree(), $"main@sha1:{commitId}");
        var before = DeclaredCronJobs;
        DeclaredCronJobs = State.Desired.Objects.Where(o => o.Resource is k8s.Models.V1CronJob).Select(o => $"{o.Namespace}/{o.Name}").ToHashSet(StringComparer.Ordinal);
        _undeclared.UnionWith(before.Except(DeclaredCronJobs));
    }
}
