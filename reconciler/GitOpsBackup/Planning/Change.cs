using GitOpsBackup.Rendering;
using GitOpsBackup.Specs.Model;

namespace GitOpsBackup.Planning;

/// <summary>
/// One line of the plan. <see cref="Desired"/> is what apply sends (creates and updates);
/// <see cref="Diff"/> lists the fields that differ (updates) with sensitive values redacted.
/// </summary>
internal sealed record Change(ObjectRef Target, AppKey? App, ChangeAction Action, string Reason)
{
    public IReadOnlyList<FieldChange> Diff { get; init; } = [];

    public DesiredObject? Desired { get; init; }

    /// <summary>True for create, update and delete: the actions that write to the cluster.</summary>
    public bool IsWrite => Action is ChangeAction.Create or ChangeAction.Update or ChangeAction.Delete;
}
