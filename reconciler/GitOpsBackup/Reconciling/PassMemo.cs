using GitOpsBackup.Admission;
using GitOpsBackup.Cycle;
using GitOpsBackup.Planning;

namespace GitOpsBackup.Reconciling;

/// <summary>
/// What a pass derives from the revision and the live state with pure functions (the plan, the backup
/// Jobs read from JSON, the placement facts, the night's expected runs), kept for as long as its inputs
/// are the very same objects. The watch cache hands out the same snapshot of a kind until something in
/// it changes and an unchanged revision keeps its <see cref="RepoState"/>, so an unchanged pass derives
/// nothing anew, and each step of a pass reads the backup Jobs once. The steps still run on every pass
/// (level-triggered); only recomputing the same value is skipped. One per <see cref="ReconcilePass"/>; not thread-safe.
/// </summary>
internal sealed class PassMemo
{
    private readonly Slot<ChangeSet> _plan = new();
    private readonly Slot<IReadOnlyList<BackupJob>> _backups = new();
    private readonly Slot<PlacementFacts> _placement = new();
    private readonly Slot<IReadOnlyList<ExpectedRun>> _expected = new();
    private readonly Slot<IReadOnlyDictionary<string, DateTimeOffset?>> _created = new();

    /// <summary>The plan of this revision against these live objects (its inputs are the state, the live list and the options, all kept by reference).</summary>
    public ChangeSet Plan(RepoState state, IReadOnlyList<object> managed, PlanOptions options, Func<ChangeSet> plan) =>
        _plan.Get([state, managed, options], plan);

    public IReadOnlyList<BackupJob> BackupJobs(LiveSnapshot live) =>
        _backups.Get([live.Jobs, live.Pods], () => JobReader.BackupJobs(live));

    public PlacementFacts Placement(LiveSnapshot live) =>
        _placement.Get([live.Claims, live.Attachments, live.Pods, live.Volumes, live.Nodes], () => JobReader.Placement(live));

    /// <summary>The runs the apps of this revision are due for in this night's window.</summary>
    public IReadOnlyList<ExpectedRun> ExpectedRuns(RepoState state, NightWindow window) =>
        _expected.Get([state, window], () => NightCycle.ExpectedRuns(window, state.Apps));

    /// <summary>When each app's backup CronJob was created ("namespace/app").</summary>
    public IReadOnlyDictionary<string, DateTimeOffset?> CronJobsCreated(LiveSnapshot live) =>
        _created.Get([live.CronJobs], () => NightStep.CronJobsCreated(live));

    /// <summary>One kept value and the inputs it was made from; values (a window) compare by equality, the rest by reference.</summary>
    private sealed class Slot<T>
        where T : class
    {
        private object[]? _inputs;
        private T? _value;

        public T Get(object[] inputs, Func<T> make)
        {
            if (_value is not null && _inputs is { } kept && kept.Length == inputs.Length && kept.Zip(inputs).All(p => Same(p.First, p.Second)))
            {
                return _value;
            }

            _value = make();
            _inputs = inputs;
            return _value;
        }

        private static bool Same(object a, object b) => a.GetType().IsValueType || a is NightWindow ? Equals(a, b) : ReferenceEquals(a, b);
    }
}
