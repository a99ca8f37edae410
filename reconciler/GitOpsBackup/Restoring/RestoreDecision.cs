namespace GitOpsBackup.Restoring;

/// <summary>What the planner decided: a plan, or a refusal with the reason and what to do instead.</summary>
internal abstract record RestoreDecision
{
    private RestoreDecision()
    {
    }

    public sealed record Planned(RestorePlan Plan) : RestoreDecision;

    /// <summary>A database dump's restore (restore --dump).</summary>
    public sealed record DumpPlanned(DumpRestorePlan Plan) : RestoreDecision;

    /// <param name="Steps">Commands or actions that make the request possible, in order.</param>
    public sealed record Refused(string Reason, IReadOnlyList<string> Steps) : RestoreDecision;
}
