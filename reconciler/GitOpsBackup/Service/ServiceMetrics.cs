using GitOpsBackup.Admission;
using GitOpsBackup.Cycle;
using GitOpsBackup.Reconciling;
using GitOpsBackup.Reporting;
using GitOpsBackup.Source;
using Prometheus;

namespace GitOpsBackup.Service;

/// <summary>
/// The <c>/metrics</c> of <c>run</c>, in its own registry (not prometheus-net's static one, so two
/// services in one test process do not share counters). Names are a contract with the Grafana
/// dashboard and the PrometheusRule: rename only together. Fed by each pass's outcome, each API
/// request, and — at scrape time — the watch cache read through <see cref="StatusBuilder"/>.
/// </summary>
internal sealed class ServiceMetrics
{
    private const string Prefix = "gitops_backup_";
    private readonly Lock _gate = new();
    private readonly Histogram _passDuration;
    private readonly Counter _passes;
    private readonly Gauge _revision;
    private readonly Gauge _sourceUp;
    private readonly Counter _sourceFailures;
    private readonly Counter _apiRequests;
    private readonly Gauge _appLastSuccess;
    private readonly Gauge _appLastOutcome;
    private readonly Gauge _appLastDuration;
    private readonly Gauge _appLastBytesAdded;
    private readonly Gauge _appLastVerified;
    private readonly Gauge _appLastDrill;
    private readonly Gauge _nodeRunning;
    private readonly Gauge _nodeQueued;
    private readonly Gauge _night;
    private readonly Gauge _cloneOutcome;
    private readonly Gauge _cloneDuration;
    private readonly Gauge _cloneEnd;
    private readonly Gauge _leader;
    private SourceResult.Failed? _lastSourceError;

    public ServiceMetrics()
    {
        var f = Metrics.WithCustomRegistry(Registry);
        _passDuration = f.CreateHistogram(Prefix + "pass_duration_seconds", "Duration of a reconcile pass", new HistogramConfiguration
        {
            LabelNames = ["outcome"],
            Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
        });
        _passes = f.CreateCounter(Prefix + "passes_total", "Reconcile passes by outcome", "outcome");
        _revision = f.CreateGauge(Prefix + "revision_info", "The revision the applied desired state came from (value 1)", "revision");
        _sourceUp = f.CreateGauge(Prefix + "source_up", "1 when the last poll of the git source succeeded");
        _sourceFailures = f.CreateCounter(Prefix + "source_failures_total", "Failed polls of the git source (real attempts, not back-off waits) by reason", "reason");
        _apiRequests = f.CreateCounter(Prefix + "api_requests_total", "Kubernetes API requests by verb and status code", "verb", "code");
        _appLastSuccess = f.CreateGauge(Prefix + "app_last_success_timestamp_seconds", "When the app's last successful backup finished (Unix seconds)", "namespace", "app");
        _appLastOutcome = f.CreateGauge(Prefix + "app_last_outcome", "The app's last finished backup's outcome (value 1)", "namespace", "app", "outcome");
        _appLastDuration = f.CreateGauge(Prefix + "app_last_duration_seconds", "How long the app's last finished backup ran", "namespace", "app");
        _appLastBytesAdded = f.CreateGauge(Prefix + "app_last_bytes_added", "Bytes restic added to the repository in the app's last successful backup, as its script reported them (bucket copies not counted)", "namespace", "app");
        _appLastVerified = f.CreateGauge(Prefix + "app_last_verified_timestamp_seconds", "When the app's last restore drill passed: last proven restorable (Unix seconds)", "namespace", "app");
        _appLastDrill = f.CreateGauge(Prefix + "app_last_drill_outcome", "The app's last restore drill's outcome (value 1): passed, failed, running or never", "namespace", "app", "outcome");
        _nodeRunning = f.CreateGauge(Prefix + "node_running_backups", "Backup Jobs running on the node", "node");
        _nodeQueued = f.CreateGauge(Prefix + "node_queued_backups", "Backup Jobs waiting for the node", "node");
        _night = f.CreateGauge(Prefix + "night_backups", "Scheduled backups of the last 24 hours by state", "state");
        _cloneOutcome = f.CreateGauge(Prefix + "clone_last_outcome", "The last finished external clone's outcome (value 1); partial: the disk filled up, or it copied a night with failed backups; refused: not the expected disk or too little room, nothing copied", "outcome");
        _cloneDuration = f.CreateGauge(Prefix + "clone_last_duration_seconds", "How long the last finished external clone ran", new GaugeConfiguration { SuppressInitialValue = true });
        _cloneEnd = f.CreateGauge(Prefix + "clone_last_end_timestamp_seconds", "When the last external clone finished (Unix seconds); absent until one has", new GaugeConfiguration { SuppressInitialValue = true });
        _leader = f.CreateGauge(Prefix + "leader", "1 on the replica that writes (always 1 without --leader-elect)");
        _leader.Set(1);
    }

    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    /// <summary>Refreshes the cluster-derived gauges from <paramref name="read"/> before every scrape.</summary>
    public void ObserveClusterOnScrape(Func<LiveSnapshot> read, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(time);
        Registry.AddBeforeCollectCallback(() => ObserveCluster(read(), time.GetUtcNow()));
    }

    public void SetLeader(bool leader) => _leader.Set(leader ? 1 : 0);

    public void ApiRequest(string verb, string code) => _apiRequests.WithLabels(verb, code).Inc();

    /// <summary>One pass: its outcome and duration, the revision, and the source's health.</summary>
    public void OnPass(PassOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var kind = Outcome(outcome.Kind);
        _passes.WithLabels(kind).Inc();
        _passDuration.WithLabels(kind).Observe(outcome.Duration.TotalSeconds);
        lock (_gate)
        {
            if (outcome.Revision is { } revision)
            {
                Replace(_revision, [([revision], 1)]);
            }

            if (outcome.Kind == PassKind.ClusterFailed && outcome.Revision is null && outcome.SourceError is null)
            {
                return; // failed before the source answered: says nothing about it
            }

            _sourceUp.Set(outcome.SourceError is null ? 1 : 0);
            if (outcome.SourceError is { } error && !ReferenceEquals(error, _lastSourceError))
            {
                // The source hands back the same failure while it backs off: count each real attempt once.
                _sourceFailures.WithLabels(Reason(error.Reason)).Inc();
            }

            _lastSourceError = outcome.SourceError;
        }
    }

    /// <summary>Per app, per node, the night and the clone, as <c>status</c> shows them.</summary>
    public void ObserveCluster(LiveSnapshot live, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(live);
        var report = StatusBuilder.Build(live, now, StatusBuilder.DefaultOverdue);
        var jobs = JobReader.BackupJobs(live);
        var lastFinished = jobs.Where(j => j.State == BackupJobState.Finished || j.Outcome == JobOutcome.Unplaceable)
            .GroupBy(j => (j.Namespace, j.App))
            .ToDictionary(g => g.Key, g => g.OrderBy(j => j.FinishedAt ?? j.ScheduledAt).ThenBy(j => j.Name, StringComparer.Ordinal).Last());
        var nodes = live.Nodes.Select(n => JobReader.Meta(n, "name") ?? "").Where(n => n.Length > 0)
            .Union(report.Nodes.Select(n => n.Node), StringComparer.Ordinal).ToList();
        lock (_gate)
        {
            Replace(_appLastSuccess, report.Apps.Where(a => a.LastSuccess is not null).Select(a => (L(a.Namespace, a.App), (double)a.LastSuccess!.Value.ToUnixTimeSeconds())));
            Replace(_appLastOutcome, lastFinished.Select(p => (L(p.Key.Namespace, p.Key.App, StatusBuilder.Describe(p.Value) is var d && d.StartsWith("unplaceable", StringComparison.Ordinal) ? "unplaceable" : d), 1.0)));
            Replace(_appLastDuration, lastFinished.Values.Where(j => j.StartedAt is not null && j.FinishedAt is not null)
                .Select(j => (L(j.Namespace, j.App), (j.FinishedAt!.Value - j.StartedAt!.Value).TotalSeconds)));
            Replace(_appLastBytesAdded, report.Apps.Where(a => a.LastBytesAdded is not null).Select(a => (L(a.Namespace, a.App), (double)a.LastBytesAdded!.Value)));
            Replace(_appLastVerified, report.Apps.Where(a => a.LastVerified is not null).Select(a => (L(a.Namespace, a.App), (double)a.LastVerified!.Value.ToUnixTimeSeconds())));
            Replace(_appLastDrill, report.Apps.Where(a => a.Drill is not null).Select(a => (L(a.Namespace, a.App, a.Drill!), 1.0)));
            Replace(_nodeRunning, nodes.Select(n => (L(n), (double)(report.Nodes.FirstOrDefault(s => s.Node == n)?.Running.Count ?? 0))));
            Replace(_nodeQueued, nodes.Select(n => (L(n), (double)(report.Nodes.FirstOrDefault(s => s.Node == n)?.Queued.Count ?? 0))));
            Replace(_night, [(L("done"), report.Night.Done), (L("failed"), report.Night.Failed), (L("total"), report.Night.Total)]);
            ObserveClone(live);
        }
    }

    private void ObserveClone(LiveSnapshot live)
    {
        var finished = live.Jobs.Where(JobReader.IsClone)
            .Select(j => (Json: j, Job: JobReader.Read(j, null)))
            .Where(c => c.Job.State == BackupJobState.Finished)
            .OrderBy(c => c.Job.FinishedAt).ThenBy(c => c.Job.Name, StringComparer.Ordinal)
            .LastOrDefault();
        if (finished.Json is null)
        {
            Replace(_cloneOutcome, [(L("none"), 1)]);
            return;
        }

        var night = JobReader.Annotation(finished.Json, CycleSummary.Annotation) is { } json ? CycleSummary.FromJson(json) : null;
        var clone = JobReader.CloneOutcomeOf(finished.Json, JobReader.PodOf(live, finished.Json));
        var outcome = !clone.Succeeded ? clone.Word : night?.Failed > 0 ? "partial" : "ok";
        Replace(_cloneOutcome, [(L(outcome), 1)]);
        if (finished.Job is { StartedAt: { } start, FinishedAt: { } end })
        {
            _cloneDuration.Set((end - start).TotalSeconds);
            _cloneEnd.Set(end.ToUnixTimeSeconds());
        }
    }

    private static string[] L(params string[] labels) => labels;

    /// <summary>Sets these series and drops the ones no longer there (an app removed, a node gone).</summary>
    private static void Replace(Gauge gauge, IEnumerable<(string[] Labels, double Value)> series)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (labels, value) in series)
        {
            gauge.WithLabels(labels).Set(value);
            keep.Add(string.Join('\0', labels));
        }

        foreach (var old in gauge.GetAllLabelValues().ToList())
        {
            if (!keep.Contains(string.Join('\0', old)))
            {
                gauge.RemoveLabelled(old);
            }
        }
    }

    private static string Outcome(PassKind kind) => kind switch
    {
        PassKind.NoChange => "no_change",
        PassKind.Applied => "applied",
        PassKind.SourceFailed => "source_failed",
        PassKind.ClusterFailed => "cluster_failed",
        _ => "partial",
    };

    /// <summary>The contract's reasons. A signature refusal (signed-commit checks) is named by its member's name.</summary>
    public static string Reason(SourceFailure reason) => reason switch
    {
        SourceFailure.Unreachable or SourceFailure.Timeout => "unreachable",
        SourceFailure.AuthenticationFailed or SourceFailure.HostKeyRejected or SourceFailure.CertificateRejected => "auth",
        SourceFailure.RefNotFound or SourceFailure.PathNotFound => "not_found",
        SourceFailure.Corrupt => "invalid",
        _ when reason.ToString().Contains("Signature", StringComparison.Ordinal) => "signature",
        _ => "other",
    };
}
