using GitOpsBackup.Rendering;

namespace GitOpsBackup.Cycle;

/// <summary>What the pass does about tonight's clone; decided in one place, <see cref="NightCycle.Decide"/>.</summary>
public abstract record CycleDecision
{
    private CycleDecision()
    {
    }

    /// <summary>Before the cycle's start: nothing to do until <paramref name="StartsAt"/>.</summary>
    public sealed record NotStarted(DateTimeOffset StartsAt) : CycleDecision;

    /// <summary>
    /// Backups are still awaited. Job events start the next pass; <paramref name="WakeAt"/> is when
    /// the decision changes with no event (a run falls due, counts as missed, or the latest start).
    /// </summary>
    public sealed record Wait(IReadOnlyList<NightRun> Awaiting, DateTimeOffset WakeAt) : CycleDecision;

    /// <summary>
    /// Create the clone Job now, with the summary as its annotation. Admission pauses from here: the
    /// Job's name makes a second create fail, and the next pass sees <see cref="CloneExists"/>.
    /// </summary>
    public sealed record CreateClone(CycleSummary Summary) : CycleDecision
    {
        public string JobName => ObjectNames.CloneJob(Summary.Cycle);
    }

    /// <summary>Tonight's clone Job exists; while it runs, new backups wait.</summary>
    public sealed record CloneExists(bool PauseBackups) : CycleDecision;
}
