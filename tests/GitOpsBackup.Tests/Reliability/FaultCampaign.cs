using System.Diagnostics;
using GitOpsBackup.EmbeddedCluster;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Tests.Fixtures;
using k8s;
using k8s.Models;

namespace GitOpsBackup.Tests.Reliability;

/// <summary>
/// A fixed-seed fault campaign: the <c>run</c> loop (in process, on a clock 600× real time) against the
/// embedded cluster with its simulation (CronJobs fire, Jobs run on nodes) and a real git daemon behind a
/// proxy that can cut it. Each round draws one or two faults from the seeded Random, injects them, ends
/// them, and waits for the cluster to converge; every simulation step checks the <see cref="Invariants"/>.
/// Nights come one after another: the quiet day between them is jumped over.
/// </summary>
internal sealed class FaultCampaign : IAsyncDisposable
{
    /// <summary>One simulation step: the control plane moves, then the invariants are checked.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    private static readonly DateTimeOffset Start = NightHarnessTime("2026-12-01T23:30:00Z");

    private static readonly string[] WatchedResources = ["cronjobs", "jobs", "pods", "nodes", "volumeattachments"];

    // A timeout stalls a pass for the client's real timeout (seconds, i.e. most of a simulated hour): rare, so the campaign stays short.
    private static readonly (FaultKind Kind, int Weight)[] Weights =
    [
        (FaultKind.Api500, 18), (FaultKind.Api429, 12), (FaultKind.Api409, 12), (FaultKind.Timeout, 1), (FaultKind.DroppedWatches, 12),
        (FaultKind.GitOutage, 12), (FaultKind.ForcePush, 6), (FaultKind.SpecChange, 12), (FaultKind.Drift, 6), (FaultKind.Kill, 12),
    ];

    private readonly CampaignOptions _options;
    private readonly Random _random;
    private readonly CampaignClock _clock;
    private readonly CampaignReport _report = new();
    private readonly List<FaultRule> _rules = [];
    private EmbeddedKubernetes _cluster = null!;
    private Kubernetes _hand = null!;
    private GitDaemonFixture _daemon = null!;
    private GitCuttingProxy _proxy = null!;
    private CampaignRepo _repo = null!;
    private Invariants _invariants = null!;
    private ReconcilerProcess? _process;
    private string _repoUrl = "";
    private int _processSeed;

    // A kill armed on a request kind: it may wait several rounds for its request (the clone's create comes once a night).
    private FaultRule? _killRule;
    private DateTimeOffset _killArmedUntil;
    private volatile Task? _killing;

    private FaultCampaign(CampaignOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
        _clock = new CampaignClock(Start, options.Speed);
    }

    public static async Task<CampaignReport> RunAsync(CampaignOptions options, CancellationToken ct)
    {
        await using var campaign = new FaultCampaign(options);
        campaign._report.Seeds.Add(options.Seed);
        await campaign.SetUpAsync(ct);
        try
        {
            await campaign.PlayAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            campaign._invariants.Violations.Add($"the campaign did not finish in time: {campaign._report.Injected} faults injected in {campaign._report.Wall.Elapsed.TotalSeconds:0} s");
            await campaign.StopProcessAsync();
            campaign._report.Finish(campaign._invariants, campaign._rules.Count);
        }

        return campaign._report;
    }

    private async Task SetUpAsync(CancellationToken ct)
    {
        _cluster = await EmbeddedKubernetes.StartAsync(new EmbeddedClusterOptions
        {
            Time = _clock,
            Nodes = _options.Nodes,
            Seed = _options.Seed,
            SimulatedJobDuration = TimeSpan.FromMinutes(3),
            SimulatedJobDurationMax = TimeSpan.FromMinutes(20),
        }, ct);
        _hand = new Kubernetes(new KubernetesClientConfiguration { Host = _cluster.BaseAddress.ToString().TrimEnd('/') });
        _daemon = new GitDaemonFixture();
        await _daemon.InitializeAsync();
        _repo = new CampaignRepo(_daemon.BaseDirectory, "config", _options.Pool, _random);
        for (var i = 0; i < _repo.Pool.Count; i++)
        {
            var app = _repo.Pool[i];
            _cluster.State.Seed($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{app}}}"}}""");
            _cluster.State.SeedVolume(app, "data", $"node-{(i % _options.Nodes) + 1}", $"pv-{app}");
        }

        _cluster.State.Seed("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"backup-system"}}""");
        _repo.Init(_options.DeclaredAtStart);
        _proxy = new GitCuttingProxy(_daemon.Port);
        _repoUrl = $"git://127.0.0.1:{_proxy.Port}/config.git";
        _invariants = new Invariants(_cluster, _repo, () => _process?.LoadedRevision);
        _report.Wall.Start();
        _clock.Restart();
    }

    private async Task PlayAsync(CancellationToken ct)
    {
        using var ticker = new PeriodicTimer(Step, _clock);
        Round? round = null;
        var number = 0;
        while (await ticker.WaitForNextTickAsync(ct))
        {
            var stepStarted = Stopwatch.GetTimestamp();
            _report.Steps++;
            _clock.Stepped();
            var now = _clock.GetUtcNow();
            _cluster.Tick();
            var before = _invariants.Violations.Count;
            _invariants.Check(now, round?.ToString() ?? "start");
            if (_invariants.Violations.Count > before)
            {
                _report.Trace.Add($"at {now:MM-dd HH:mm}: {_invariants.Violations[^1]}; last pass {_process?.LastPassAt:MM-dd HH:mm:ss} {_process?.LastOutcome?.Kind} {string.Join("; ", _process?.LastOutcome?.Errors ?? [])} ({_process?.Loop?.Passes} passes)");
            }
            _report.Trace.AddRange(_invariants.DeleteNotes.Select(n => $"at {now:MM-dd HH:mm}: {n}"));
            _invariants.DeleteNotes.Clear();
            while (_process?.Deletes.TryDequeue(out var deleted) == true)
            {
                _report.Trace.Add($"at {now:MM-dd HH:mm}: pass done: {deleted}");
            }

            await KeepRunningAsync(round, ct);

            round ??= new Round(0, now, ["start"]) { HealedAt = now };
            if ((now >= round.HealAt || (round.Rules.Count > 0 && round.UsedUp == round.Rules.Count && !round.Outage)) && round.HealedAt is null)
            {
                Heal(round, now);
            }

            _report.StepTime += Stopwatch.GetElapsedTime(stepStarted);
            if (round.HealedAt is { } healed && _process is not null && _killing is null)
            {
                // Converged = the CronJobs match the head AND a pass has completed at the head: a hand delete (or an
                // earlier prune) can make the CronJobs match while the reconciler is still on an older version,
                // and that version's prunes after the next push were rightly excused only until then.
                if (_invariants.Converged() && HeadApplied())
                {
                    _invariants.CatchUp(round.ToString());
                    _repo.Settle();
                    if (round.Number > 0)
                    {
                        _report.Converged(now - healed);
                        _report.Trace.Add($"{round} → ended {healed:HH:mm}, converged {(now - healed).TotalMinutes:0.#} min after it ended (reconciler at {_process.LoadedRevision?[^40..][..8]}, head {_repo.CommitId[..8]})");
                    }
                }
                else if (now - healed <= _options.ConvergenceBound)
                {
                    continue;
                }
                else
                {
                    _report.Trace.Add($"{round} → NOT converged: {_invariants.Difference()}; reconciler at {_process.LoadedRevision}, head {_repo.CommitId}; last pass {_process.LastOutcome?.Kind} {string.Join("; ", _process.LastOutcome?.Errors ?? [])} ({_process.Loop?.Passes} passes)");
                    _invariants.Violations.Add($"[{round}] not converged {_options.ConvergenceBound.TotalMinutes:0} min after the fault ended");
                }

                if (Done(round.Number))
                {
                    break;
                }

                JumpOverTheDay(now);
                round = Inject(++number, _clock.GetUtcNow());
            }
        }

        await StopProcessAsync();
        _report.Finish(_invariants, _rules.Count);
    }

    /// <summary>The running reconciler's last completed pass was at the pushed head (a restarted one has none yet).</summary>
    private bool HeadApplied() => _process?.LastOutcome?.Revision is { } revision && revision.EndsWith(_repo.CommitId, StringComparison.Ordinal);

    private bool Done(int number) => (_options.Rounds is { } rounds && number >= rounds)
        || (_options.Duration is { } soak ? _report.Wall.Elapsed >= soak : _report.Injected >= _options.Faults);

    /// <summary>Restarts the reconciler after a kill (cold caches), and notices a loop that ended on its own.</summary>
    private async Task KeepRunningAsync(Round? round, CancellationToken ct)
    {
        if (_process?.Crash is { } crash)
        {
            _invariants.Violations.Add($"[{round}] the loop crashed: {crash.InnerException?.Message ?? crash.Message}");
            await StopProcessAsync();
        }

        if (_killing is { } killing)
        {
            await killing;
            await StopProcessAsync();
            _killing = null;
            if (round is not null)
            {
                round.HealAt = round.HealAt > _clock.GetUtcNow() ? round.HealAt : _clock.GetUtcNow(); // the fault ends when the new instance starts
                round.HealedAt = null;
            }
        }

        if (_killRule is not null && _clock.GetUtcNow() > _killArmedUntil)
        {
            _cluster.Faults.Remove(_killRule);
            _killRule = null;
            _report.KillsNotReached++;
        }

        if (_process is null)
        {
            try
            {
                _process = await ReconcilerProcess.StartAsync(_cluster.BaseAddress, _repoUrl, _clock, _options.Seed + ++_processSeed, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _report.FailedStarts++; // an injected fault on its first list: the next step tries again, as a restarted pod would
            }
        }
    }

    private async Task StopProcessAsync()
    {
        if (_process is { } process)
        {
            _report.Passes += process.Loop?.Passes ?? 0;
            _process = null;
            await process.DisposeAsync();
        }
    }

    private Round Inject(int number, DateTimeOffset now)
    {
        var kinds = new List<FaultKind>();
        var count = 1 + _random.Next(4);
        while (kinds.Count < count)
        {
            var kind = Draw();
            if (!kinds.Contains(kind) && !(kind == FaultKind.Kill && _killRule is not null))
            {
                kinds.Add(kind);
            }
        }

        var round = new Round(number, now, []);
        var activeFor = TimeSpan.Zero;
        foreach (var kind in kinds)
        {
            activeFor = Max(activeFor, Apply(kind, round));
            _report.Injected++;
            _report.ByKind[kind] = _report.ByKind.GetValueOrDefault(kind) + 1;
        }

        round.HealAt = now + activeFor;
        return round;
    }

    private FaultKind Draw()
    {
        var pick = _random.Next(Weights.Sum(w => w.Weight));
        foreach (var (kind, weight) in Weights)
        {
            if ((pick -= weight) < 0)
            {
                return kind;
            }
        }

        throw new UnreachableException();
    }

    /// <summary>Injects one fault; returns how long it lasts (simulated) before it is ended.</summary>
    private TimeSpan Apply(FaultKind kind, Round round)
    {
        switch (kind)
        {
            case FaultKind.Api500:
            case FaultKind.Api429:
            case FaultKind.Api409:
            case FaultKind.Timeout:
                {
                    // Aim at what the reconciler is about to do, so the fault meets a request: a change's apply or prune,
                    // the relist after dropped watches, or (while backups wait or run) admission's Job patches and Events.
                    var activeJobs = _cluster.State.List("batch/v1", "Job").Any(j => JobReader.IsBackup(j) && JobReader.StateOf(j) != global::GitOpsBackup.Admission.BackupJobState.Finished);
                    var aim = _random.Next(activeJobs ? 3 : 2);
                    string verb;
                    string resource;
                    if (aim == 0 || kind == FaultKind.Timeout)
                    {
                        var change = _repo.Change();
                        round.Faults.Add(change);
                        (verb, resource) = change.StartsWith("remove", StringComparison.Ordinal) ? ("delete", "cronjobs") : ("apply", "cronjobs");
                    }
                    else if (aim == 1)
                    {
                        round.Faults.Add($"dropped {_cluster.Faults.DropWatches()} watches");
                        (verb, resource) = (_random.Next(2) == 0 ? "watch" : "list", WatchedResources[_random.Next(WatchedResources.Length)]);
                    }
                    else
                    {
                        (verb, resource) = _random.Next(3) == 0 ? ("create", "events") : ("patch", "jobs");
                    }

                    var times = kind == FaultKind.Timeout ? 1 : 1 + _random.Next(4);
                    var left = times;
                    var rule = new FaultRule
                    {
                        Verb = verb,
                        Resource = resource,
                        Times = times,
                        StatusCode = kind switch { FaultKind.Api500 => 500, FaultKind.Api429 => 429, FaultKind.Api409 => 409, _ => null },
                        RetryAfterSeconds = kind == FaultKind.Api429 ? 1 + _random.Next(5) : null,
                        Latency = kind == FaultKind.Timeout ? ReconcilerProcess.ClientTimeout * 1.1 : TimeSpan.Zero,
                        OnMatch = () =>
                        {
                            _report.CountHit();
                            if (Interlocked.Decrement(ref left) == 0)
                            {
                                round.UsedUp++;
                            }
                        },
                    };
                    _cluster.Faults.Add(rule);
                    _rules.Add(rule);
                    round.Rules.Add(rule);
                    round.Faults.Add($"{kind} {verb} {resource} x{times}");
                    return TimeSpan.FromMinutes(5); // or until every request it fails has come
                }

            case FaultKind.DroppedWatches:
                round.Faults.Add($"dropped {_cluster.Faults.DropWatches()} watches");
                return TimeSpan.Zero;
            case FaultKind.GitOutage:
                {
                    _proxy.CutAfterBytes = 0;
                    round.Outage = true;
                    var lasts = TimeSpan.FromMinutes(1 + _random.Next(8));
                    round.Faults.Add($"git outage {lasts.TotalMinutes:0} min");
                    if (_random.Next(2) == 0)
                    {
                        round.Faults.Add(_repo.Change() + " (pushed during the outage)");
                    }

                    return lasts;
                }

            case FaultKind.ForcePush:
                round.Faults.Add(_repo.ForcePush(sameContent: _random.Next(2) == 0));
                return TimeSpan.Zero;
            case FaultKind.SpecChange:
                round.Faults.Add(_repo.Change());
                return TimeSpan.Zero;
            case FaultKind.Drift:
                round.Faults.Add(Drift());
                return TimeSpan.Zero;
            case FaultKind.Kill:
                round.Faults.Add(ArmKill());
                return TimeSpan.Zero;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>Someone edits (or deletes) a managed CronJob by hand; the next resync or watch event reverts it.</summary>
    private string Drift()
    {
        var app = _repo.Declared.ElementAt(_random.Next(_repo.Declared.Count));
        var name = global::GitOpsBackup.Rendering.ObjectNames.CronJob(app);
        try
        {
            if (_random.Next(3) == 0)
            {
                _hand.BatchV1.DeleteNamespacedCronJob(name, app);
                _invariants.HandDelete(app, name); // only once it happened: a 404's excuse would stay and hide a later delete
                return $"hand delete {app}/{name}";
            }

            _hand.BatchV1.PatchNamespacedCronJob(new V1Patch("""{"spec":{"schedule":"7 7 * * *","suspend":true}}""", V1Patch.PatchType.MergePatch), name, app, fieldManager: "kubectl-edit");
            return $"hand edit {app}/{name}";
        }
        catch (k8s.Autorest.HttpOperationException ex)
        {
            return $"hand edit {app}/{name}: {(int)ex.Response.StatusCode}"; // not there yet: nothing drifted
        }
    }

    /// <summary>Arms a kill at a point of the pass (with the change that makes the pass reach it), or kills at once.</summary>
    private string ArmKill()
    {
        var hour = _clock.GetUtcNow().Hour;
        var cloneDue = hour < 5 && !_cluster.State.List("batch/v1", "Job").Any(j => JobReader.IsClone(j) && JobReader.Label(j, global::GitOpsBackup.Rendering.RenderedLabels.Cycle) == DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var point = (KillPoint)_random.Next(5);
        point = point switch
        {
            KillPoint.BeforeClone when !cloneDue => KillPoint.MidAdmission,
            KillPoint.MidAdmission when hour >= 5 => KillPoint.Anywhere,
            _ => point,
        };
        _report.Kills[point] = _report.Kills.GetValueOrDefault(point) + 1;
        if (point == KillPoint.Anywhere)
        {
            _killing = StopLoop();
            return "kill now";
        }

        string change = "";
        var (verb, resource, ns, nth) = point switch
        {
            KillPoint.MidApply => ("apply", "cronjobs", null, 1 + _random.Next(2)),
            KillPoint.MidPrune => ("delete", "cronjobs", null, 1),
            KillPoint.MidAdmission => ("patch", "jobs", null, 1 + _random.Next(2)),
            _ => ("create", "jobs", "backup-system", 1),
        };
        change = point switch
        {
            KillPoint.MidApply => _repo.RescheduleSeveral(),
            KillPoint.MidPrune => _repo.RemoveSome(),
            _ => "",
        };

        var seen = 0;
        // Before the clone: half the time the create is lost with the crash, half the time it arrived first.
        var lost = point == KillPoint.BeforeClone && _random.Next(2) == 0;
        _killRule = new FaultRule
        {
            Verb = verb,
            Resource = resource,
            Namespace = ns,
            Times = null,
            StatusCode = lost ? 503 : null,
            OnMatch = () =>
            {
                if (++seen == nth && _killing is null)
                {
                    _killing = StopLoop(); // cancels the pass now, before this request is answered
                    _cluster.Faults.Remove(_killRule!);
                    _killRule = null;
                }
            },
        };
        _killArmedUntil = _clock.GetUtcNow() + (point == KillPoint.BeforeClone ? TimeSpan.FromHours(6) : TimeSpan.FromMinutes(90));
        _cluster.Faults.Add(_killRule);
        return $"kill {point} at request #{nth}{(lost ? " (request lost)" : "")} {change}".TrimEnd();
    }

    private Task StopLoop() => _process?.Loop?.StopAsync(CancellationToken.None) ?? Task.CompletedTask;

    private void Heal(Round round, DateTimeOffset now)
    {
        foreach (var rule in round.Rules)
        {
            _cluster.Faults.Remove(rule);
        }

        if (round.Outage)
        {
            _proxy.CutAfterBytes = null;
        }

        round.HealedAt = now;
    }

    /// <summary>Between nights nothing happens but polls: once the night is over and no backup is left, go to the next evening.</summary>
    private void JumpOverTheDay(DateTimeOffset now)
    {
        var evening = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(23).AddMinutes(30);
        if (now.Hour < 6 || now >= evening || _killRule is not null
            || _cluster.State.List("batch/v1", "Job").Any(j => JobReader.IsBackup(j) && JobReader.StateOf(j) != global::GitOpsBackup.Admission.BackupJobState.Finished))
        {
            return;
        }

        _clock.Jump(evening - now);
        _report.Nights++;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset NightHarnessTime(string text) => Reconciling.NightHarness.Utc(text);

    public async ValueTask DisposeAsync()
    {
        _report.Wall.Stop();
        await StopProcessAsync();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }

        _hand?.Dispose();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private sealed class Round(int number, DateTimeOffset started, List<string> faults)
    {
        public int Number { get; } = number;

        public List<string> Faults { get; } = faults;

        public List<FaultRule> Rules { get; } = [];

        public DateTimeOffset Started { get; } = started;

        public DateTimeOffset HealAt { get; set; } = started;

        public DateTimeOffset? HealedAt { get; set; }

        public bool Outage { get; set; }

        /// <summary>API rules whose every failure was served: the round's faults are over.</summary>
        public int UsedUp { get; set; }

        public override string ToString() => $"round {Number} at {Started:MM-dd HH:mm}: {string.Join("; ", Faults)}";
    }
}
