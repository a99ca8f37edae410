namespace GitOpsBackup.Admission;

/// <summary>The knobs of admission, from the reconciler's settings and the night's cycle.</summary>
public sealed record AdmissionOptions
{
    public const string DefaultPausedReason = "the external clone is running";

    public static AdmissionOptions Default { get; } = new();

    /// <summary>Backups that may run on one node at once (one by default: backups are IO-heavy on small nodes).</summary>
    public int MaxBackupsPerNode { get; init; } = 1;

    /// <summary>Admit nothing: the night's external clone reads the repositories and must not see them change.</summary>
    public bool Paused { get; init; }

    /// <summary>The reason paused Jobs show; <see cref="DefaultPausedReason"/> when null.</summary>
    public string? PausedReason { get; init; }
}
