namespace GitOpsBackup.Cycle;

/// <summary>This cycle's clone Job as the pass found it by its deterministic name.</summary>
public abstract record CloneState
{
    private CloneState()
    {
    }

    /// <summary>No Job of this cycle's name exists.</summary>
    public sealed record NotCreated : CloneState;

    /// <summary>The Job exists and has not finished: backups wait while it copies.</summary>
    public sealed record Running : CloneState;

    /// <summary>The Job finished: ok, partial, refused or failed, and why.</summary>
    public sealed record Finished(CloneOutcome Outcome) : CloneState;
}
