using GitOpsBackup.Cluster;
using GitOpsBackup.Planning;
using GitOpsBackup.Rendering;
using GitOpsBackup.Source;
using GitOpsBackup.Specs;
using k8s;
using Serilog;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// One reconcile pass, the same for <c>plan</c>, <c>apply</c> and every tick of <c>run</c>: poll the
/// source → load specs → render → read the live state → plan → apply and prune → admit waiting
/// backup Jobs → advance the night's cycle → report. Level-triggered: each pass looks at the whole
/// state again, so a restart loses nothing. Long-lived: the source, the parse cache and the last
/// revision's desired state are kept, so an unchanged revision costs no parse and no render.
/// </summary>
internal sealed class ReconcilePass : IDisposable
{
    private readonly IConfigSource _source;
    private readonly ILiveSource _live;
    private readonly PassOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly KubernetesApi _api;
    private readonly AdmissionStep _admission;
    private readonly NightStep _night;
    private readonly NotifyStep _notify;
    private readonly HttpClient _http = new() { Timeout = Notifying.Notifier.AttemptTimeout * 4 };
    private readonly SpecLoader _loader = new();
    private readonly AppRenderCache _renders = new();
    private readonly DesiredJson _json = new();
    private readonly PassMemo _memo = new();
    private readonly Func<IRepoTree, string, CancellationToken, Task<RepoState>> _load;
    private RepoState? _state;

    public ReconcilePass(IConfigSource source, ILiveSource live, IKubernetes client, PassOptions options, TimeProvider time, ILogger? log = null,
        Func<IRepoTree, string, CancellationToken, Task<RepoState>>? load = null)
    {
        _source = source;
        _live = live;
        _options = options;
        _time = time;
        _log = log ?? Serilog.Core.Logger.None;
        _api = new KubernetesApi(client, time);
        var jobs = new JobApi(client, time);
        _admission = new AdmissionStep(jobs, _log);
        _night = new NightStep(jobs, options, _log);
        _notify = new NotifyStep(client, jobs, new Notifying.Notifier(_http, time, _log), options, time, _log);
        _load = load ?? ((tree, revision, _) => Task.FromResult(RepoState.Load(_loader, tree, revision, _renders)));
    }

    /// <summary>
    /// A pass over a state already loaded (plan, apply): the verb loaded and reported the specs
    /// before opening the cluster, so the pass starts at "read the live state".
    /// </summary>
    public static ReconcilePass OneShot(RepoState state, IKubernetes client, PassOptions options, TimeProvider time, ILogger? log = null, ILiveSource? live = null) =>
        new(new FixedTreeSource(EmptyTree.Instance, state.Revision, state.Revision), live ?? new ListedLiveSource(new KubernetesApi(client, time)), client, options, time, log,
            (_, _, _) => Task.FromResult(state));

    /// <summary>Called after each load of a new revision (the embedded cluster seeds the apps' namespaces, as Flux would).</summary>
    public Action<RepoState>? Loaded { get; init; }

    /// <summary>The desired state of the last good revision (null before the first).</summary>
    public RepoState? State => _state;

    /// <summary>Spec files actually parsed since start (an unchanged revision parses none).</summary>
    public int FilesParsed => _loader.FilesParsed;

    /// <summary>App CronJobs actually rendered since start (a new revision re-renders only the apps whose inputs changed).</summary>
    public int AppsRendered => _renders.Rendered;

    /// <summary>Desired objects serialised for planning since start (an unchanged pass serialises none).</summary>
    public int ObjectsSerialised => _json.Serialised;

    public async Task<PassOutcome> RunAsync(CancellationToken ct)
    {
        // 1. Poll the source: a failure keeps the last good state and says when to look again.
        var poll = await _source.PollAsync(ct);

        // 2+3. Load specs and render, only for a new revision.
        var rendered = await LoadAsync(poll, ct);
        if (_state is not { } state)
        {
            return Failed(poll);
        }

        // 4. Read the live state (from the watch cache in run: no request).
        LiveSnapshot live;
        try
        {
            live = await _live.ReadAsync(state, ct);
            if (_options.Namespaces is { } only)
            {
                live = live.Within(only);
            }
        }
        catch (ClusterApiException ex)
        {
            return new PassOutcome { Kind = PassKind.ClusterFailed, Revision = state.Revision, Rendered = rendered, Errors = [ex.Message], SourceError = poll as SourceResult.Failed };
        }

        // 5. Plan: desired × live → change set (pure).
        var plan = _memo.Plan(state, live.Managed, _options.Plan, () => Planner.Plan(state.Desired, LiveObjects(live), _options.Plan, _json));

        // 6. Apply and prune.
        var applied = _options.Write ? await new Applier(_api, _time, _options.Apply).ApplyAsync(plan, ct) : null;

        // 7. Admit waiting backup Jobs, one per node, next to their volumes (paused while the clone runs).
        var night = _options.Admit ? NightStep.Decide(state, live, _options, _time.GetUtcNow(), _memo) : null;
        var admission = _options.Admit ? await _admission.RunAsync(live, state, NightStep.PausesBackups(night), _time.GetUtcNow(), _memo, ct) : null;

        // 8. Advance the night's cycle: create the clone once every backup of the night has finished.
        var cycle = _options.Admit ? await _night.RunAsync(state, live, night, ct) : null;

        // 9. Notify: ntfy/webhook on a change of an app's or the night's state, the night's ping after the clone.
        IReadOnlyList<string> notified = _options.Admit ? await _notify.RunAsync(state, live, night, _memo, ct) : [];

        // 10. Report.
        return Report(poll, state, rendered, plan, applied, admission, cycle, notified);
    }

    private async Task<bool> LoadAsync(SourceResult poll, CancellationToken ct)
    {
        if (poll is not SourceResult.Updated updated)
        {
            return false;
        }

        var revision = updated.Revision.CommitId.Length == 0 ? updated.Revision.RefName : updated.Revision.ToString();
        _state = await _load(updated.Tree, revision, ct);
        Loaded?.Invoke(_state);
        if (updated.Signer is { } signer)
        {
            _log.Information("Revision {Revision} is signed by {Signer}", revision, signer);
        }

        _log.Information("Loaded revision {Revision}: {Objects} objects, {Broken} broken apps, {Diagnostics} findings",
            revision, _state.Desired.Objects.Count, _state.Desired.BrokenApps.Count, _state.Desired.Diagnostics.Count);
        return true;
    }

    private static List<LiveObject> LiveObjects(LiveSnapshot live) => live.Managed.Select(LiveObject.FromJson).ToList();

    private PassOutcome Failed(SourceResult poll) => poll is SourceResult.Failed failed
        ? new PassOutcome { Kind = PassKind.SourceFailed, Errors = [$"{failed.Reason}: {failed.Message}"], NextRunAt = RetryLater(failed), SourceError = failed }
        : new PassOutcome { Kind = PassKind.SourceFailed, Errors = ["no revision has been loaded yet"] };

    private PassOutcome Report(SourceResult poll, RepoState state, bool rendered, ChangeSet plan, ApplyReport? applied, AdmissionStep.Result? admission, NightStep.Result? cycle, IReadOnlyList<string> notified)
    {
        var failures = (applied?.Objects.Count(o => o.Outcome == ObjectOutcome.Failed) ?? 0) + (admission?.Failures.Count ?? 0) + (cycle?.Failures.Count ?? 0);
        var writes = (applied?.Objects.Count(o => o.Outcome is ObjectOutcome.Created or ObjectOutcome.Updated or ObjectOutcome.Deleted or ObjectOutcome.Recreated) ?? 0)
            + (admission?.Writes.Count ?? 0) + (cycle?.Writes.Count ?? 0) + notified.Count;
        var sourceFailed = poll as SourceResult.Failed;
        var errors = new List<string>();
        if (sourceFailed is not null)
        {
            errors.Add($"{sourceFailed.Reason}: {sourceFailed.Message}");
        }

        errors.AddRange(plan.Errors);
        errors.AddRange(admission?.Failures ?? []);
        errors.AddRange(cycle?.Failures ?? []);
        var outcome = new PassOutcome
        {
            Kind = PassOutcome.Decide(sourceFailed is not null, false, writes, failures),
            Revision = state.Revision,
            Rendered = rendered,
            Plan = plan,
            Applied = applied,
            Admission = admission?.Plan,
            JobWrites = [.. admission?.Writes ?? [], .. cycle?.Writes ?? [], .. notified],
            Night = cycle?.Decision,
            Errors = errors,
            SourceError = sourceFailed,
            NextRunAt = Earliest(sourceFailed is null ? null : RetryLater(sourceFailed), cycle?.NextCheckAt),
        };
        _log.Debug("Pass {Kind} at {Revision}: {Summary}", outcome.Kind, outcome.Revision, plan.Summary);
        return outcome;
    }

    /// <summary>A back-off's end; none when the source has nothing to wait out (a refused signature): the interval decides, not a tight loop.</summary>
    private DateTimeOffset? RetryLater(SourceResult.Failed failed) => failed.RetryAt > _time.GetUtcNow() ? failed.RetryAt : null;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    public void Dispose()
    {
        _source.Dispose();
        _http.Dispose();
    }
}
